#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>

#include <lightflow/cortex/outcome.hpp>
#include <lightflow/cortex/outcome_waiter.hpp>

#include "dead_mount.hpp"

namespace lf::cortex {
namespace {

constexpr int kSpuriousBackoffMillis = 5;

// Whether the outcome exists; a dead mount (ENOTCONN) is an error, so that
// nobody waits for an answer that cannot come.
Result<bool> has_outcome_file(const Exchange& exchange) {
  for (const auto* path : {&exchange.response, &exchange.error}) {
    if (access(path->c_str(), F_OK) == 0) {
      return true;
    }
    if (errno == ENOTCONN) {
      return fail(detail::dead_mount_error(*path));
    }
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<OutcomeWaiter>> OutcomeWaiter::create() {
  const int inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd < 0) {
    return fail(errno_error(errno, "inotify_init1"));
  }
  const int wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd < 0) {
    const int errnum = errno;
    close(inotify_fd);
    return fail(errno_error(errnum, "eventfd"));
  }
  return std::unique_ptr<OutcomeWaiter>(new OutcomeWaiter(inotify_fd, wake_fd));
}

OutcomeWaiter::OutcomeWaiter(int inotify_fd, int wake_fd)
    : inotify_fd_(inotify_fd), wake_fd_(wake_fd) {}

OutcomeWaiter::~OutcomeWaiter() {
  for (auto& [id, watched] : watched_) {
    if (watched.wait_fd >= 0) {
      close(watched.wait_fd);
    }
  }
  close(inotify_fd_);
  close(wake_fd_);
}

Result<void> OutcomeWaiter::watch(const Exchange& exchange) {
  if (watched_.contains(exchange.request_id)) {
    return {};
  }
  Watched watched{exchange};
  // ctxfs answers a poll on the wait file when the outcome is published, and
  // at once when it already is, so such a watch needs no first look.
  watched.wait_fd = open(exchange.wait.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  watched.needs_look = watched.wait_fd < 0;
  if (watched.wait_fd < 0 && errno == ENOTCONN) {
    return fail(detail::dead_mount_error(exchange.wait));
  }
  if (watched.wait_fd < 0) {
    // An ordinary directory: inotify sees the outcome file's rename or close.
    const int wd =
        inotify_add_watch(inotify_fd_, exchange.outbox_dir.c_str(), IN_MOVED_TO | IN_CLOSE_WRITE);
    if (wd < 0) {
      return fail(errno_error(errno, exchange.outbox_dir.string()));
    }
    watched.directory_watch = wd;
    ++directory_watch_users_[wd];
  }
  watched_.emplace(exchange.request_id, std::move(watched));
  return {};
}

void OutcomeWaiter::unwatch(const std::string& request_id) {
  const auto found = watched_.find(request_id);
  if (found == watched_.end()) {
    return;
  }
  if (found->second.wait_fd >= 0) {
    close(found->second.wait_fd);
  }
  if (const int wd = found->second.directory_watch; wd >= 0 && --directory_watch_users_[wd] == 0) {
    inotify_rm_watch(inotify_fd_, wd);
    directory_watch_users_.erase(wd);
  }
  watched_.erase(found);
}

Result<std::vector<std::string>> OutcomeWaiter::ready_now() {
  // Only requests something happened to are looked at: on ctxfs every look is
  // a round trip to the daemon, and a scheduler may wait on many requests.
  std::vector<std::string> ready;
  for (auto& [id, watched] : watched_) {
    if (!watched.needs_look) {
      continue;
    }
    auto found = has_outcome_file(watched.exchange);
    if (!found) {
      return fail(std::move(found).error());
    }
    if (*found) {
      ready.push_back(id);
    } else {
      watched.needs_look = false;
    }
  }
  return ready;
}

void OutcomeWaiter::drain_inotify() {
  alignas(inotify_event) char buffer[8192];
  while (read(inotify_fd_, buffer, sizeof buffer) > 0) {
  }
}

Result<std::vector<std::string>> OutcomeWaiter::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (Wake last = Wake::changed;;) {
    // Outcomes that arrived before the watch (or between two waits) are found
    // by looking; the poll only reports changes. Other files in a watched
    // outbox wake the poll too, so the loop looks again until the deadline.
    auto ready = ready_now();
    if (!ready || !ready->empty()) {
      return ready;
    }
    if (last == Wake::wait_file && backoff_interrupted()) {
      return std::vector<std::string>{};
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return std::vector<std::string>{};
    }
    auto woken = poll_once(left);
    if (!woken) {
      return fail(std::move(woken).error());
    }
    if (*woken == Wake::interrupted) {
      return std::vector<std::string>{};
    }
    last = *woken;
  }
}

bool OutcomeWaiter::backoff_interrupted() {
  // A wait file that reported readiness without an outcome (a CortexFS that
  // does not implement poll) must not turn the loop into a spin.
  pollfd wake{wake_fd_, POLLIN, 0};
  if (poll(&wake, 1, kSpuriousBackoffMillis) > 0) {
    std::uint64_t value = 0;
    [[maybe_unused]] const ssize_t n = read(wake_fd_, &value, sizeof value);
    return true;
  }
  return false;
}

Result<OutcomeWaiter::Wake> OutcomeWaiter::poll_once(std::chrono::milliseconds timeout) {
  std::vector<pollfd> fds{{wake_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}};
  std::vector<Watched*> polled;  // parallel to fds[2...]
  for (auto& [id, watched] : watched_) {
    if (watched.wait_fd >= 0) {
      fds.push_back({watched.wait_fd, POLLIN, 0});
      polled.push_back(&watched);
    }
  }
  const int millis = static_cast<int>(std::min<long long>(timeout.count(), 1 << 30));
  const int count = poll(fds.data(), fds.size(), millis);
  if (count < 0 && errno != EINTR) {
    return fail(errno_error(errno, "poll"));
  }
  if (fds[0].revents != 0) {
    std::uint64_t value = 0;
    [[maybe_unused]] const ssize_t n = read(wake_fd_, &value, sizeof value);
    return Wake::interrupted;
  }
  for (std::size_t i = 0; i < polled.size(); ++i) {
    if (fds[i + 2].revents != 0) {
      polled[i]->needs_look = true;
    }
  }
  if (fds[1].revents != 0) {
    drain_inotify();
    for (auto& [id, watched] : watched_) {
      watched.needs_look = watched.needs_look || watched.directory_watch >= 0;
    }
    return Wake::changed;
  }
  return count > 0 ? Wake::wait_file : Wake::changed;
}

void OutcomeWaiter::interrupt() noexcept {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof one);
}

}  // namespace lf::cortex
