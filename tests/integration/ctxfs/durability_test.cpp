// Acknowledged means durable: one daemon per state directory and mount point,
// a full state disk refuses commits without losing acknowledged ones, only a
// rename commits, bounded requests, recovery from a dead mount, and the small
// things a filesystem must get right.

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include <lightflow/cortex/commit.hpp>
#include <lightflow/cortex/exchange.hpp>
#include <lightflow/cortex/outcome_waiter.hpp>

#include "ctxfs_mount.hpp"
#include "fake_provider.hpp"
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

using ctxfs_test::CtxfsMount;
namespace fs = std::filesystem;

namespace {

lf_test::ProcessResult run_ctxfs(const std::vector<std::string>& args) {
  std::vector<std::string> argv{lf_test::binary_from_env("CTXFS_BIN").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  lf_test::ProcessOptions options;
  options.timeout = std::chrono::milliseconds(10000);
  return lf_test::run_process(argv, options);
}

int errno_of(int rc) {
  return rc == 0 ? 0 : errno;
}

// A tmpfs of `size` on `dir` for the test's life (root only).
class SmallDisk {
 public:
  SmallDisk(const fs::path& dir, const std::string& size) : dir_(dir) {
    fs::create_directories(dir_);
    const std::string options = "size=" + size + ",mode=0700";
    mounted_ = ::mount("tmpfs", dir_.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }

  ~SmallDisk() {
    if (mounted_) {
      ::umount2(dir_.c_str(), MNT_DETACH);
    }
  }

  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const noexcept { return mounted_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

// Fills the disk holding `file` up with `file`; returns how many bytes it took.
std::size_t fill(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const std::string block(4096, 'f');
  std::size_t total = 0;
  while (::write(fd, block.data(), block.size()) > 0) {
    total += block.size();
  }
  ::close(fd);
  return total;
}

}  // namespace

TEST_CASE("a second daemon on the same state directory or mount point is refused",
          "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  REQUIRE(ctxfs_test::commit(mount.inbox(), "first", ctxfs_test::chat_body("one")) == 0);
  REQUIRE(ctxfs_test::wait_outcome(mount.outbox(), "first") == "resp\n");
  lf_test::TempDir other("ctxfs-it");
  fs::create_directories(other / "mnt");

  const auto same_state =
      run_ctxfs({"mount", (other / "mnt").string(), "--state-dir", mount.state_dir().string()});
  CHECK(same_state.exit_code == 1);
  CHECK(same_state.err.find("state directory " + mount.state_dir().string()
                            + " is in use by another ctxfs (pid ")
        != std::string::npos);
  CHECK_FALSE(fs::exists(other / "mnt" / "status"));

  const auto same_mount =
      run_ctxfs({"mount", mount.root().string(), "--state-dir", (other / "state").string()});
  CHECK(same_mount.exit_code == 1);
  CHECK(same_mount.err.find(mount.root().string()
                            + " is already mounted (served by a running "
                              "ctxfs)")
        != std::string::npos);

  // The first daemon's journal was left alone: what it acknowledged before and
  // after survives its restart.
  REQUIRE(ctxfs_test::commit(mount.inbox(), "second", ctxfs_test::chat_body("two")) == 0);
  REQUIRE(ctxfs_test::wait_outcome(mount.outbox(), "second") == "resp\n");
  mount.restart({}, /*crash=*/true);
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "first") == "resp\n");
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "second") == "resp\n");
}

TEST_CASE("ctxfs mounts only on an existing empty directory", "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  lf_test::TempDir dir("ctxfs-it");
  fs::create_directories(dir / "full");
  ctxfs_test::write_text(dir / "full" / "keep.txt", "mine\n");
  const auto full =
      run_ctxfs({"mount", (dir / "full").string(), "--state-dir", (dir / "state").string()});
  CHECK(full.exit_code == 1);
  CHECK(full.err.find((dir / "full").string() + " is not empty") != std::string::npos);
  CHECK(ctxfs_test::read_text(dir / "full" / "keep.txt") == "mine\n");

  const auto missing =
      run_ctxfs({"mount", (dir / "missing").string(), "--state-dir", (dir / "state").string()});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("must be an existing empty directory") != std::string::npos);
}

TEST_CASE("fusermount3 -u makes ctxfs exit with status 0", "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  const auto fusermount = ctxfs_test::find_program("fusermount3");
  CtxfsMount mount;
  // Traffic first: a served request and a parked wait file that was closed.
  REQUIRE(ctxfs_test::commit(mount.inbox(), "u1", ctxfs_test::chat_body("x")) == 0);
  REQUIRE(ctxfs_test::wait_outcome(mount.outbox(), "u1") == "resp\n");
  const auto unmounted = lf_test::run_process({fusermount, "-u", mount.root().string()});
  REQUIRE(unmounted.exit_code == 0);
  CHECK(mount.wait_daemon_exit() == 0);
  CHECK_FALSE(mount.is_mounted());
}

TEST_CASE("a lazy unmount ends ctxfs at once even while a client waits on it",
          "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  const auto fusermount = ctxfs_test::find_program("fusermount3");
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()}}, {}});
  REQUIRE(ctxfs_test::commit(mount.inbox(), "held", ctxfs_test::chat_body("x", "slow")) == 0);
  const int fd = ::open((mount.outbox() / "held.wait").c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  ssize_t got = 0;
  std::thread reader([&] {
    char buffer[16];
    got = ::read(fd, buffer, sizeof buffer);  // parked: the slow model takes 3 s
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The busy mount refuses a plain unmount; a lazy one detaches it.
  CHECK(lf_test::run_process({fusermount, "-u", mount.root().string()}).exit_code != 0);
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(lf_test::run_process({fusermount, "-u", "-z", mount.root().string()}).exit_code == 0);
  const int status = mount.wait_daemon_exit();
  INFO(mount.daemon_log());
  CHECK(status == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1500));
  reader.join();
  ::close(fd);
  CHECK(got < 0);  // the parked read ended with the daemon, not with an answer
  CHECK_FALSE(mount.is_mounted());
}

TEST_CASE("only a rename commits: cp and mv of a request into an inbox are refused",
          "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto cp = ctxfs_test::find_program("cp");
  const auto mv = ctxfs_test::find_program("mv");
  const auto responses = mount.inbox("openai.responses");
  REQUIRE(ctxfs_test::commit(mount.inbox(), "orig", ctxfs_test::chat_body("x")) == 0);

  // A copy of a committed request (or any file) under a committed name.
  const auto copied = lf_test::run_process(
      {cp, (mount.inbox() / "orig.req.json").string(), (responses / "orig.req.json").string()});
  CHECK(copied.exit_code != 0);
  CHECK(copied.err.find("Operation not permitted") != std::string::npos);
  CHECK_FALSE(fs::exists(responses / "orig.req.json"));
  ctxfs_test::write_text(mount.inbox() / "side.tmp", ctxfs_test::chat_body("y"));
  CHECK(lf_test::run_process(
            {cp, (mount.inbox() / "side.tmp").string(), (mount.inbox() / "side.req.json").string()})
            .exit_code
        != 0);
  CHECK(::open((mount.inbox() / "direct.req.json").c_str(), O_WRONLY | O_CREAT, 0644) == -1);
  CHECK(errno == EPERM);

  // mv across inboxes: the rename is EXDEV and the copy mv falls back to fails.
  CHECK(ctxfs_test::rename_errno(mount.inbox() / "side.tmp", responses / "side.req.json") == EXDEV);
  const auto moved = lf_test::run_process(
      {mv, (mount.inbox() / "side.tmp").string(), (responses / "side.req.json").string()});
  CHECK(moved.exit_code != 0);
  CHECK_FALSE(fs::exists(responses / "side.req.json"));
  CHECK_FALSE(fs::exists(mount.outbox("openai.responses") / "side.fingerprint"));
  CHECK(fs::exists(mount.inbox() / "side.tmp"));  // nothing was lost either
  CHECK(ctxfs_test::read_text(mount.root() / "control" / "queue_depth") == "0\n");
}

TEST_CASE("long names, chmod and oversized requests get the errno a filesystem gives",
          "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const std::string long_name(256, 'n');
  CHECK(::open((mount.inbox() / long_name).c_str(), O_WRONLY | O_CREAT, 0644) == -1);
  CHECK(errno == ENAMETOOLONG);

  struct stat info {};

  CHECK(::stat((mount.inbox() / long_name).c_str(), &info) == -1);
  CHECK(errno == ENAMETOOLONG);
  const std::string longest(255, 'n');
  ctxfs_test::write_text(mount.inbox() / longest, "{}");  // 255 bytes is fine
  CHECK(ctxfs_test::rename_errno(mount.inbox() / longest, mount.inbox() / (long_name + ".req.json"))
        == ENAMETOOLONG);

  // Modes are fixed: chmod to another mode fails, to the same one succeeds.
  const auto staged = mount.inbox() / "mode.tmp";
  ctxfs_test::write_text(staged, "{}");
  CHECK(errno_of(::chmod(staged.c_str(), 0600)) == EPERM);
  CHECK(errno_of(::chmod(staged.c_str(), 0644)) == 0);
  CHECK(errno_of(::chmod((mount.root() / "status").c_str(), 0666)) == EPERM);
  CHECK(errno_of(::chmod((mount.root() / "status").c_str(), 0444)) == 0);
  REQUIRE(::stat(staged.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0644);

  // A staged request has a size limit (16 MiB): the write past it is EFBIG.
  const int fd = ::open((mount.inbox() / "big.tmp").c_str(), O_WRONLY | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  const std::string chunk(1 << 20, 'x');
  std::size_t total = 0;
  int failure = 0;
  for (int i = 0; i < 20 && failure == 0; ++i) {
    const ssize_t n = ::write(fd, chunk.data(), chunk.size());
    if (n < 0) {
      failure = errno;
    } else {
      total += static_cast<std::size_t>(n);
    }
  }
  ::close(fd);
  CHECK(failure == EFBIG);
  CHECK(total == 16U << 20);
  CHECK(errno_of(::truncate((mount.inbox() / "big.tmp").c_str(), (16 << 20) + 1)) == EFBIG);
}

namespace {

// Resident memory of `pid` in KiB (VmRSS).
long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  long value = -1;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      break;
    }
    status.ignore(1 << 10, '\n');
  }
  return value;
}

}  // namespace

TEST_CASE("finished requests do not keep their bodies in memory", "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::MountOptions options;
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer holds freed memory in a quarantine (256 MiB by default)
  // before reusing it, which the resident size would show as a leak.
  const char* asan = std::getenv("ASAN_OPTIONS");
  options.env["ASAN_OPTIONS"] = std::string(asan != nullptr ? asan : "") + ":quarantine_size_mb=0";
#endif
  CtxfsMount mount(options);
  const std::string body = ctxfs_test::chat_body(std::string(16384, 'm'));
  auto run = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      REQUIRE(ctxfs_test::commit(mount.inbox(), "m" + std::to_string(i), body) == 0);
    }
    REQUIRE(ctxfs_test::wait_outcome(mount.outbox(), "m" + std::to_string(to - 1)) == "resp\n");
    while (ctxfs_test::read_text(mount.root() / "control" / "queue_depth") != "0\n") {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  run(0, 200);  // warm up: threads, arenas, the kernel's first lookups
  const long before = rss_kib(mount.daemon_pid());
  run(200, 2200);
  const long after = rss_kib(mount.daemon_pid());
  const long per_request = (after - before) * 1024 / 2000;
  INFO("RSS " << before << " KiB -> " << after << " KiB: " << per_request << " bytes per request");
  // 2,000 answered requests of 16 KiB: their bodies (32 MiB) are not held.
  CHECK(per_request < 8192);
  CHECK(ctxfs_test::read_text(mount.inbox() / "m7.req.json") == body);
}

TEST_CASE("ctxfs mount recovers its own dead mount after kill -9", "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  REQUIRE(ctxfs_test::commit(mount.inbox(), "before", ctxfs_test::chat_body("x")) == 0);
  REQUIRE(ctxfs_test::wait_outcome(mount.outbox(), "before") == "resp\n");
  CHECK(mount.signal_daemon(SIGKILL) == 128 + SIGKILL);
  REQUIRE(mount.is_mounted());

  struct statfs info {};

  REQUIRE(::statfs(mount.root().c_str(), &info) == -1);
  REQUIRE(errno == ENOTCONN);

  mount.start_over({});
  CHECK(mount.daemon_log().find(mount.root().string()
                                + " is a dead FUSE mount (Transport endpoint is not connected")
        != std::string::npos);
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "before") == "resp\n");
  REQUIRE(ctxfs_test::commit(mount.inbox(), "after", ctxfs_test::chat_body("y")) == 0);
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "after") == "resp\n");
}

TEST_CASE("lf's client fails at once with unavailable on a dead mount", "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()}}, {}});
  const lf::ctxabi::Layout layout(mount.root(), static_cast<std::uint32_t>(::getuid()));
  auto target = lf::cortex::api_target("openai.chat");
  REQUIRE(target);
  auto slow = lf::cortex::plan_exchange(layout, *target, "run1.slow");
  auto later = lf::cortex::plan_exchange(layout, *target, "run1.later");
  REQUIRE(slow);
  REQUIRE(later);
  REQUIRE(lf::cortex::commit_request(mount.root(), *slow, ctxfs_test::chat_body("x", "slow")));
  auto waiter = lf::cortex::OutcomeWaiter::create();
  REQUIRE(waiter);
  REQUIRE((*waiter)->watch(*slow));
  mount.signal_daemon(SIGKILL);

  const auto start = std::chrono::steady_clock::now();
  auto woken = (*waiter)->wait(std::chrono::milliseconds(30000));
  const auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(woken);
  INFO(woken.error().message);
  CHECK(woken.error().code == lf::Code::unavailable);
  CHECK(woken.error().message.find("CortexFS at " + mount.root().string() + " is not connected")
        != std::string::npos);
  CHECK(woken.error().message.find("ctxfs mount " + mount.root().string()) != std::string::npos);
  CHECK(waited < std::chrono::milliseconds(2000));

  auto committed = lf::cortex::commit_request(mount.root(), *later, ctxfs_test::chat_body("later"));
  REQUIRE_FALSE(committed);
  CHECK(committed.error().code == lf::Code::unavailable);
  CHECK(committed.error().message.find("fusermount3 -u -z " + mount.root().string())
        != std::string::npos);
  auto rewatch = (*waiter)->watch(*later);
  REQUIRE_FALSE(rewatch);
  CHECK(rewatch.error().code == lf::Code::unavailable);
}

TEST_CASE("a full state disk refuses commits and loses no acknowledged one",
          "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  if (::getuid() != 0) {
    SUCCEED("SKIP: mounting a small tmpfs as the state directory needs root");
    return;
  }
  lf_test::TempDir scratch("ctxfs-it");
  // The mount's state directory is mnt/../state: put a 1 MiB tmpfs there
  // before the daemon starts, through a daemon started on it.
  CtxfsMount mount;
  mount.stop();
  SmallDisk disk(mount.state_dir(), "1m");
  REQUIRE(disk.mounted());
  mount.restart({}, /*crash=*/false);

  const auto filler = mount.state_dir() / "filler";
  fill(filler);
  const std::string body = ctxfs_test::chat_body(std::string(30000, 'p'));
  std::vector<std::string> acknowledged;
  std::vector<std::string> refused;
  // Free a little at a time: each commit then finds room for part of its line only.
  for (int i = 0; i < 12; ++i) {
    const std::string id = "c" + std::to_string(i);
    const int err = ctxfs_test::commit(mount.inbox(), id, body);
    if (err == 0) {
      acknowledged.push_back(id);
    } else {
      CHECK((err == ENOSPC || err == EIO));
      refused.push_back(id);
      ::unlink((mount.inbox() / (id + ".tmp")).c_str());
      // Make 12 KiB of room: less than a line, so the next append is cut short.
      ::truncate(filler.c_str(), static_cast<off_t>(fs::file_size(filler)) - 12288);
    }
  }
  CHECK_FALSE(refused.empty());
  for (const auto& id : refused) {
    CHECK_FALSE(fs::exists(mount.inbox() / (id + ".req.json")));
  }
  // Room again: later commits are acknowledged and must all survive a crash.
  fs::remove(filler);
  for (int i = 0; i < 3; ++i) {
    const std::string id = "late" + std::to_string(i);
    REQUIRE(ctxfs_test::commit(mount.inbox(), id, body) == 0);
    acknowledged.push_back(id);
  }
  mount.restart({}, /*crash=*/true);
  INFO(mount.daemon_log());
  CHECK(mount.daemon_log().find("skipped a malformed line") == std::string::npos);
  for (const auto& id : acknowledged) {
    INFO(id);
    CHECK(ctxfs_test::wait_outcome(mount.outbox(), id) == "resp\n");
  }
  for (const auto& id : refused) {
    CHECK_FALSE(fs::exists(mount.inbox() / (id + ".req.json")));
  }
  std::cout << "full state disk: " << acknowledged.size() << " acknowledged, " << refused.size()
            << " refused with ENOSPC/EIO, all acknowledged answered after a kill -9\n";
  mount.stop();
}

TEST_CASE("kill -9 of ctxfs under load loses no acknowledged commit", "[ctxfs][durability]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount({{}, {"--workers", "2"}});
  constexpr int kKills = 12;
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  int unacknowledged = 0;
  for (int round = 0; round < kKills; ++round) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int t = 0; t < 3; ++t) {
      writers.emplace_back([&, t] {
        for (int n = 0; !stop; ++n) {
          const std::string id =
              "k" + std::to_string(round) + "-" + std::to_string(t) + "-" + std::to_string(n);
          int err = 0;
          try {
            err = ctxfs_test::commit(mount.inbox(), id, ctxfs_test::chat_body(id));
          } catch (const std::exception&) {
            err = ENOTCONN;  // staging failed: the daemon is gone
          }
          const std::lock_guard lock(mutex);
          if (err == 0) {
            acknowledged.push_back(id);
          } else {
            ++unacknowledged;
            if (err == ENOTCONN) {
              return;
            }
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + 37 * (round % 5)));
    mount.signal_daemon(SIGKILL);  // writers see ENOTCONN from here on
    stop = true;
    for (auto& writer : writers) {
      writer.join();
    }
    mount.start_over({{}, {"--workers", "2"}});
  }
  std::size_t lost = 0;
  for (const auto& id : acknowledged) {
    if (ctxfs_test::wait_outcome(mount.outbox(), id) != "resp\n") {
      ++lost;
      UNSCOPED_INFO("lost: " << id);
    }
  }
  std::cout << "kill -9 loop: " << kKills << " kills survived, " << acknowledged.size()
            << " acknowledged commits, " << lost << " lost, " << unacknowledged
            << " refused while the daemon died\n";
  CHECK(acknowledged.size() > static_cast<std::size_t>(kKills));
  CHECK(lost == 0);
}
