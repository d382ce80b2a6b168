#include <cstdlib>

#include <catch2/catch.hpp>

#include "lf_runner.hpp"

using lf_test::LfSandbox;

TEST_CASE("lf --help prints the groups to stdout and exits 0", "[lf][smoke]") {
  LfSandbox lf;
  for (const char* help : {"--help", "-h", "help"}) {
    const auto result = lf.run({help});
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Catch::StartsWith("usage: lf <group> <command>"));
    CHECK_THAT(result.out, Catch::Contains("ctx"));
    CHECK(result.err.empty());
  }
}

TEST_CASE("lf --version matches the project version", "[lf][smoke]") {
  LfSandbox lf;
  const auto result = lf.run({"--version"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "lf " + *lf_test::env_value("LF_EXPECTED_VERSION") + "\n");
}

TEST_CASE("every ctx command has a help page that exits 0", "[lf][smoke]") {
  LfSandbox lf;
  for (const char* command :
       {"abi", "api", "tool", "thread", "chan", "job", "hook", "commit", "outcome"}) {
    INFO(command);
    const auto result = lf.run({"ctx", command, "--help"});
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Catch::StartsWith(std::string("usage: lf ctx ") + command));
  }
}

TEST_CASE("usage errors exit 2 with one clear line and nothing on stdout", "[lf][usage]") {
  LfSandbox lf;

  struct Case {
    std::vector<std::string> args;
    const char* message;
  };

  const Case cases[] = {
      {{"ctx", "api", "openai.chat"}, "lf: ctx api: missing <step_id>"},
      {{"ctx", "api", "openai.chat", "draft", "extra"}, "lf: ctx api: unexpected argument extra"},
      {{"ctx", "api", "openai.chat", "draft", "--run-id"},
       "lf: ctx api: missing value for --run-id"},
      {{"ctx", "api", "openai.chat", "draft", "--run-id", "--project", "x"},
       "lf: ctx api: missing value for --run-id"},
      {{"ctx", "api", "openai.chat", "draft", "--run-id", "a", "--run-id", "b"},
       "lf: ctx api: duplicate flag --run-id"},
      {{"ctx", "api", "openai.chat", "draft", "--unknown", "v"},
       "lf: ctx api: unknown flag --unknown"},
      {{"ctx", "api", "openai.chat", "draft", "--run", "r"}, "lf: ctx api: unknown flag --run"},
      {{"ctx", "abi", "extra"}, "lf: ctx abi: unexpected argument extra"},
      {{"ctx", "nope"}, "lf: unknown ctx command nope"},
      {{"ctz"}, "lf: unknown command ctz (did you mean ctx?)"},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    const auto result = lf.run(c.args);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, Catch::StartsWith(c.message));
  }
}
