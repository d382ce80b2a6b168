// issue 10: what `lf assets new` writes runs as written in a fresh project,
// end to end through a real ctxfs mount with its offline provider.

#include <unistd.h>

#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include <lf_test/files.hpp>
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

struct FreshProject {
  const ctxfs_test::CtxfsMount& mount;
  lf_test::TempDir project{"lf-fresh"};
  lf_test::TempDir xdg{"lf-fresh-xdg"};

  lf_test::ProcessResult lf(std::vector<std::string> args) const {
    args.insert(args.begin(), lf_test::binary_from_env("LF_BIN").string());
    lf_test::ProcessOptions options;
    options.env["LIGHTFLOW_PROJECT"] = project.path().string();
    options.env["LIGHTFLOW_CTX_MOUNT"] = mount.root().string();
    options.env["LIGHTFLOW_CTX_UID"] = std::to_string(::getuid());
    options.env["XDG_STATE_HOME"] = (xdg / "state").string();
    options.env["XDG_CACHE_HOME"] = (xdg / "cache").string();
    options.cwd = project.path();
    options.timeout = std::chrono::seconds(120);
    return lf_test::run_process(args, options);
  }
};

}  // namespace

TEST_CASE("issue 10: a new workflow skeleton runs end to end in a fresh project",
          "[assets][skeleton][exec]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::CtxfsMount mount;
  FreshProject fresh{mount};
  const auto created = fresh.lf({"assets", "new", "workflow", "workflow.hello"});
  INFO(created.err);
  REQUIRE(created.exit_code == 0);

  const auto check = fresh.lf({"assets", "check", "workflow.hello"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);

  const auto run = fresh.lf({"run",
                             "exec",
                             "workflow.hello",
                             "--id",
                             "hello",
                             "--inputs",
                             R"({"prompt":"Say hello to a new user."})",
                             "--json"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const auto status = fresh.lf({"run", "status", "hello", "--json"});
  REQUIRE(status.exit_code == 0);
  CHECK(boost::json::parse(status.out).at("status") == "succeeded");
  // The refine step read the draft's answer, which the offline provider labels.
  const auto refined = fresh.lf({"run", "output", "hello", "refine", "--json"});
  REQUIRE(refined.exit_code == 0);
  CHECK_THAT(std::string(boost::json::parse(refined.out).at("text").as_string()),
             Catch::Contains("offline provider"));
}
