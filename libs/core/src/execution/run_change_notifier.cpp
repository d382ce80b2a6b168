#include "execution/run_change_notifier.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include <lightflow/core/run_watch.hpp>

namespace lf::core {
namespace detail {
namespace {

constexpr std::uint32_t kMask =
    IN_MOVED_TO | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF;

}  // namespace

RunChangeNotifier::~RunChangeNotifier() {
  shutdown();
}

Result<void> RunChangeNotifier::start_locked() {
  if (inotify_fd_ >= 0) {
    return {};
  }
  if (stopped_) {
    return fail(Code::unavailable, "the Service is shutting down");
  }
  const int inotify_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd < 0) {
    return fail(errno_error(errno, "inotify_init1"));
  }
  const int stop_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (stop_fd < 0) {
    const int errnum = errno;
    ::close(inotify_fd);
    return fail(errno_error(errnum, "eventfd"));
  }
  inotify_fd_ = inotify_fd;
  stop_fd_ = stop_fd;
  thread_ = std::thread([this] { serve(); });
  return {};
}

Result<std::shared_ptr<RunWatchEntry>> RunChangeNotifier::watch(const std::filesystem::path& dir,
                                                                std::function<void()> on_change) {
  auto entry = std::make_shared<RunWatchEntry>();
  entry->on_change = std::move(on_change);
  entry->dir = dir.string();
  const std::lock_guard lock(mutex_);
  if (auto started = start_locked(); !started) {
    return fail(std::move(started).error());
  }
  // The same directory watched twice gets the same descriptor.
  const int wd = ::inotify_add_watch(inotify_fd_, dir.c_str(), kMask);
  if (wd < 0) {
    return fail(errno_error(errno, dir.string()));
  }
  entry->wd = wd;
  by_wd_[wd].push_back(entry);
  return entry;
}

void RunChangeNotifier::unwatch(const std::shared_ptr<RunWatchEntry>& entry) {
  {
    const std::lock_guard lock(mutex_);
    const auto found = by_wd_.find(entry->wd);
    if (found != by_wd_.end()) {
      auto& entries = found->second;
      const bool removed = std::erase(entries, entry) > 0;
      // The descriptor may belong to a newer watch of another directory by
      // now (the kernel reuses them once a directory went): only the last
      // entry that really was removed gives it back.
      if (removed && entries.empty()) {
        by_wd_.erase(found);
        if (inotify_fd_ >= 0) {
          ::inotify_rm_watch(inotify_fd_, entry->wd);
        }
      }
    }
  }
  const std::lock_guard wait_for_callback(entry->mutex);
  entry->active = false;
}

void RunChangeNotifier::notify(const std::filesystem::path& dir) {
  const std::string key = dir.string();
  std::vector<std::shared_ptr<RunWatchEntry>> entries;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& [wd, watching] : by_wd_) {
      for (const auto& entry : watching) {
        if (entry->dir == key) {
          entries.push_back(entry);
        }
      }
    }
  }
  dispatch(entries);
}

void RunChangeNotifier::shutdown() {
  std::thread thread;
  {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
    if (stop_fd_ >= 0) {
      const std::uint64_t one = 1;
      [[maybe_unused]] const ssize_t n = ::write(stop_fd_, &one, sizeof one);
    }
    thread = std::move(thread_);
  }
  if (thread.joinable()) {
    if (thread.get_id() == std::this_thread::get_id()) {
      thread.detach();  // the last owner let go inside a callback
    } else {
      thread.join();
    }
  }
  const std::lock_guard lock(mutex_);
  if (inotify_fd_ >= 0) {
    ::close(inotify_fd_);
    ::close(stop_fd_);
    inotify_fd_ = -1;
    stop_fd_ = -1;
  }
}

void RunChangeNotifier::serve() {
  int inotify_fd = -1;
  int stop_fd = -1;
  {
    const std::lock_guard lock(mutex_);
    inotify_fd = inotify_fd_;
    stop_fd = stop_fd_;
  }
  alignas(inotify_event) char buffer[8192];
  for (;;) {
    pollfd fds[2] = {{inotify_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      return;
    }
    // Every pending event, each directory told once per batch.
    std::set<int> changed;
    std::set<int> gone;
    ssize_t n = 0;
    while ((n = ::read(inotify_fd, buffer, sizeof buffer)) > 0) {
      for (ssize_t at = 0; at < n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
        changed.insert(event->wd);
        if ((event->mask & IN_IGNORED) != 0) {
          gone.insert(event->wd);
        }
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      }
    }
    std::vector<std::shared_ptr<RunWatchEntry>> entries;
    {
      const std::lock_guard lock(mutex_);
      for (const int wd : changed) {
        const auto found = by_wd_.find(wd);
        if (found == by_wd_.end()) {
          continue;
        }
        entries.insert(entries.end(), found->second.begin(), found->second.end());
        if (gone.contains(wd)) {
          // The directory went: the kernel dropped the watch and may give
          // its number to a later one (it allocates them cyclically, so not
          // soon). Its entries stay, silent.
          by_wd_.erase(found);
        }
      }
    }
    dispatch(entries);
  }
}

void RunChangeNotifier::dispatch(const std::vector<std::shared_ptr<RunWatchEntry>>& entries) {
  for (const auto& entry : entries) {
    const std::lock_guard lock(entry->mutex);
    if (entry->active) {
      entry->on_change();
    }
  }
}

}  // namespace detail

RunWatch& RunWatch::operator=(RunWatch&& other) noexcept {
  if (this != &other) {
    reset();
    notifier_ = std::move(other.notifier_);
    entry_ = std::move(other.entry_);
  }
  return *this;
}

RunWatch::~RunWatch() {
  reset();
}

void RunWatch::reset() noexcept {
  if (notifier_ && entry_) {
    notifier_->unwatch(entry_);
  }
  notifier_.reset();
  entry_.reset();
}

}  // namespace lf::core
