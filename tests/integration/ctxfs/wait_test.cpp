// Waiting without polling: a blocking read of <id>.wait, poll(2) and epoll on
// many wait files, an interrupted read, and `cat` in a shell.

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include "fake_provider.hpp"

using ctxfs_test::CtxfsMount;
using Clock = std::chrono::steady_clock;

namespace {

void on_usr1(int /*signal*/) {}

ctxfs_test::MountOptions with_provider(const ctxfs_test::FakeProvider& provider) {
  return {{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()}}, {"--workers", "6"}};
}

}  // namespace

TEST_CASE("a .wait file blocks readers and pollers until the outcome exists", "[ctxfs][wait]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount(with_provider(provider));
  const auto outbox = mount.outbox();
  for (const char* id : {"w1", "w2", "w3", "w4", "w5"}) {
    REQUIRE(ctxfs_test::commit(mount.inbox(), id, ctxfs_test::chat_body("x", "slow")) == 0);
  }
  const auto start = Clock::now();

  // A blocking read from another thread, while this thread keeps using the mount.
  std::string blocked;
  std::thread reader([&] { blocked = ctxfs_test::read_text(outbox / "w1.wait"); });
  CHECK(ctxfs_test::read_text(mount.root() / "status") == "ready\n");

  // poll: not ready at first, ready once the answer exists.
  const int fd = ::open((outbox / "w2.wait").c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  pollfd pfd{fd, POLLIN, 0};
  CHECK(::poll(&pfd, 1, 100) == 0);

  // epoll over two more wait files.
  const int ep = ::epoll_create1(0);
  const int fd3 = ::open((outbox / "w3.wait").c_str(), O_RDONLY);
  const int fd4 = ::open((outbox / "w4.wait").c_str(), O_RDONLY);
  REQUIRE((ep >= 0 && fd3 >= 0 && fd4 >= 0));
  for (const int f : {fd3, fd4}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = f;
    REQUIRE(::epoll_ctl(ep, EPOLL_CTL_ADD, f, &ev) == 0);
  }

  // `cat` in a shell blocks until the answer too.
  const auto shell =
      lf_test::run_process({ctxfs_test::find_program("cat"), (outbox / "w5.wait").string()});
  CHECK(shell.out == "resp\n");

  CHECK(::poll(&pfd, 1, 10000) == 1);
  CHECK((pfd.revents & POLLIN) != 0);
  char buffer[16] = {};
  CHECK(::read(fd, buffer, sizeof(buffer)) == 5);
  CHECK(std::string(buffer, 5) == "resp\n");
  CHECK(::read(fd, buffer, sizeof(buffer)) == 0);
  int ready = 0;
  for (int round = 0; round < 10 && ready < 2; ++round) {
    epoll_event events[2];
    const int n = ::epoll_wait(ep, events, 2, 5000);
    ready += n > 0 ? n : 0;
  }
  CHECK(ready == 2);
  reader.join();
  CHECK(blocked == "resp\n");
  CHECK(Clock::now() - start >= std::chrono::milliseconds(2500));
  for (const int f : {fd, fd3, fd4, ep}) {
    ::close(f);
  }
}

TEST_CASE("a signal interrupts a blocked .wait read with EINTR", "[ctxfs][wait]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount(with_provider(provider));
  REQUIRE(ctxfs_test::commit(mount.inbox(), "int", ctxfs_test::chat_body("x", "slow")) == 0);

  struct sigaction action {};

  action.sa_handler = on_usr1;  // no SA_RESTART: the read must fail with EINTR
  ::sigaction(SIGUSR1, &action, nullptr);
  std::atomic<int> result{0};
  std::atomic<int> error{0};
  std::atomic<bool> started{false};
  std::thread reader([&] {
    const int fd = ::open((mount.outbox() / "int.wait").c_str(), O_RDONLY);
    char buffer[16];
    started = true;
    result = static_cast<int>(::read(fd, buffer, sizeof(buffer)));
    error = errno;
    ::close(fd);
  });
  while (!started) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::pthread_kill(reader.native_handle(), SIGUSR1);
  reader.join();
  CHECK(result == -1);
  CHECK(error == EINTR);
  // The request itself is unaffected.
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "int") == "resp\n");
}
