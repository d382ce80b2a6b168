// Two users on one --multi-user mount run a workflow under the same run id:
// each run's requests live in its user's home, so neither blocks nor answers
// the other (they once failed with "already committed"). Needs root to create
// the user (tests/integration/ctxfs/test_users.hpp); skipped elsewhere.

#include <unistd.h>

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "lf_exec.hpp"
#include "test_users.hpp"

using ctxfs_test::CtxfsMount;
using exec_test::Lf;
namespace fs = std::filesystem;

TEST_CASE("two users run the same run id on a multi-user mount, each in their own home",
          "[exec][isolation]") {
  ctxfs_test::skip_unless_root_users();
  ctxfs_test::UsersLock lock;
  ctxfs_test::ScopedUser user("lf_iso_a");
  CtxfsMount mount({{}, {"--multi-user"}});
  // The mount's temp dir is 0700; the user needs to reach the mount point.
  fs::permissions(mount.root().parent_path(), fs::perms::owner_all | fs::perms::others_exec);
  Lf lf(mount);

  // The user's lf keeps its state in a directory of its own.
  lf_test::TempDir dir("lf-iso");
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_exec);
  const fs::path own = dir / "user";
  fs::create_directories(own);
  REQUIRE(::chown(own.c_str(), user->uid, user->gid) == 0);
  lf_test::ProcessOptions options = lf.options();
  options.env["LIGHTFLOW_CTX_UID"] = std::to_string(user->uid);
  options.env["XDG_STATE_HOME"] = (own / "state").string();
  options.env["XDG_CACHE_HOME"] = (own / "cache").string();
  options.env["HOME"] = own.string();
  auto argv = lf.argv({"run",
                       "exec",
                       "workflow.parallel_angles",
                       "--id",
                       "victim",
                       "--inputs",
                       R"({"question":"the user asks"})"});
  argv.insert(argv.begin(),
              {ctxfs_test::find_program("setpriv"),
               "--reuid=" + std::to_string(user->uid),
               "--regid=" + std::to_string(user->gid),
               "--clear-groups"});
  const auto by_user = lf_test::run_process(argv, options);
  INFO(by_user.err);
  REQUIRE(by_user.exit_code == 0);
  CHECK(Lf::events(by_user.out, "run.succeeded").size() == 1);

  const auto by_root = lf.run({"run",
                               "exec",
                               "workflow.parallel_angles",
                               "--id",
                               "victim",
                               "--inputs",
                               R"({"question":"root asks"})"});
  INFO(by_root.err);
  REQUIRE(by_root.exit_code == 0);
  CHECK(Lf::events(by_root.out, "run.succeeded").size() == 1);
  const auto answer = lf.json({"run", "output", "victim", "optimist", "--json"});
  const std::string text(answer.at("text").as_string());
  CHECK_THAT(text, Catch::Contains("root asks"));
  CHECK_THAT(text, !Catch::Contains("the user asks"));
  // The user's answers are in the user's home, root's in root's.
  const std::string home = "home/" + std::to_string(user->uid) + "/api/openai.chat/outbox/";
  CHECK(fs::exists(mount.root() / "home" / "0" / "api" / "openai.chat" / "outbox"));
  CHECK_FALSE(fs::is_empty(mount.root() / home));
}
