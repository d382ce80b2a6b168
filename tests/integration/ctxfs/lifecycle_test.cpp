// Mount lifecycle: signals unmount cleanly, --daemon detaches, and
// --multi-user serves each caller its own home with its real credentials.

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include <lf_test/temp_dir.hpp>

using ctxfs_test::CtxfsMount;
namespace fs = std::filesystem;

TEST_CASE("SIGTERM and SIGINT unmount the filesystem and exit 0", "[ctxfs][lifecycle]") {
  ctxfs_test::skip_unless_fuse();
  for (const int signal : {SIGTERM, SIGINT}) {
    CtxfsMount mount;
    REQUIRE(mount.is_mounted());
    CHECK(mount.signal_daemon(signal) == 0);
    CHECK_FALSE(mount.is_mounted());
  }
}

TEST_CASE("mount --daemon returns once mounted and the daemon exits at unmount",
          "[ctxfs][lifecycle]") {
  ctxfs_test::skip_unless_fuse();
  lf_test::TempDir dir("ctxfs-it");
  const auto mnt = dir / "mnt";
  fs::create_directories(mnt);
  const auto started = lf_test::run_process({lf_test::binary_from_env("CTXFS_BIN").string(),
                                             "mount",
                                             mnt.string(),
                                             "--daemon",
                                             "--state-dir",
                                             (dir / "state").string(),
                                             "--config-dir",
                                             (dir / "config").string()});
  REQUIRE(started.exit_code == 0);
  const bool served = ctxfs_test::read_text(mnt / "status") == "ready\n";
  const auto fusermount = ctxfs_test::find_program("fusermount3");
  lf_test::run_process({fusermount, "-u", mnt.string()});
  CHECK(served);
  for (int i = 0; i < 100 && fs::exists(mnt / "status"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK_FALSE(fs::exists(mnt / "status"));
}

TEST_CASE("a multi-user mount gives another user their own home and audits them",
          "[ctxfs][lifecycle]") {
  ctxfs_test::skip_unless_fuse();
  const auto setpriv = ctxfs_test::find_program("setpriv");
  if (::getuid() != 0 || setpriv.empty()) {
    SUCCEED("needs root and setpriv to act as a second user");
    return;
  }
  CtxfsMount mount({{}, {"--multi-user"}});
  // The temp dir is 0700; the other user needs to reach the mount point.
  fs::permissions(mount.root().parent_path(), fs::perms::owner_all | fs::perms::others_exec);
  const std::string inbox =
      (mount.root() / "home" / "65534" / "api" / "openai.chat" / "inbox").string();
  const std::string outbox =
      (mount.root() / "home" / "65534" / "api" / "openai.chat" / "outbox").string();
  const std::string script = "printf '{\"messages\":[]}' > " + inbox + "/u1.tmp && mv " + inbox
                             + "/u1.tmp " + inbox + "/u1.req.json && cat " + outbox
                             + "/u1.wait && cat " + mount.root().string() + "/home/65534/uid";
  const auto result = lf_test::run_process({setpriv,
                                            "--reuid=65534",
                                            "--regid=65534",
                                            "--clear-groups",
                                            ctxfs_test::find_program("sh"),
                                            "-c",
                                            script});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out == "resp\n65534\n");
  const std::string audit = ctxfs_test::read_text(mount.root() / "audit" / "events.jsonl");
  CHECK(audit.find("\"event\":\"queued\",\"format\":\"openai.chat\",\"name\":\"u1.req.json\","
                   "\"host_uid\":65534,"
                   "\"host_gid\":65534")
        != std::string::npos);
  CHECK(audit.find("\"space\":\"home/65534\"") != std::string::npos);
}
