// The ctxfs command line: help, version and strict parsing.

#include <string>

#include <catch2/catch.hpp>

#include <lf_test/process.hpp>

namespace {

lf_test::ProcessResult ctxfs(std::vector<std::string> args) {
  args.insert(args.begin(), lf_test::binary_from_env("CTXFS_BIN").string());
  return lf_test::run_process(args);
}

}  // namespace

TEST_CASE("ctxfs --help and --version exit 0", "[ctxfs][cli]") {
  const auto help = ctxfs({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("ctxfs mount") != std::string::npos);
  CHECK(help.out.find("--multi-user") != std::string::npos);
  const auto version = ctxfs({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out == std::string("ctxfs ") + LF_VERSION + "\n");
}

TEST_CASE("ctxfs rejects unknown flags, missing values and extra arguments with exit 2",
          "[ctxfs][cli]") {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--bogus"},
                                                                {"mount", "/tmp/x", "--state-dir"},
                                                                {"mount", "/a", "/b"},
                                                                {"frobnicate"},
                                                                {}}) {
    const auto result = ctxfs(args);
    INFO(result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("ctxfs: ", 0) == 0);
    CHECK(result.err.find('\n') == result.err.size() - 1);
  }
}
