#include "execution/run_dir_watch.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <functional>

namespace lf::core {

Result<std::unique_ptr<RunDirWatch>> RunDirWatch::create(const std::filesystem::path& run_dir,
                                                         std::stop_token stop) {
  const int inotify_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd < 0) {
    return fail(errno_error(errno, "inotify_init1"));
  }
  if (::inotify_add_watch(inotify_fd,
                          run_dir.c_str(),
                          IN_MOVED_TO | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)
      < 0) {
    const int errnum = errno;
    ::close(inotify_fd);
    return fail(errno_error(errnum, run_dir.string()));
  }
  const int stop_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (stop_fd < 0) {
    const int errnum = errno;
    ::close(inotify_fd);
    return fail(errno_error(errnum, "eventfd"));
  }
  return std::unique_ptr<RunDirWatch>(new RunDirWatch(inotify_fd, stop_fd, std::move(stop)));
}

RunDirWatch::RunDirWatch(int inotify_fd, int stop_fd, std::stop_token stop)
    : inotify_fd_(inotify_fd), stop_fd_(stop_fd), stop_token_(stop) {
  on_stop_.emplace(std::move(stop), std::function<void()>([fd = stop_fd] {
                     const std::uint64_t one = 1;
                     [[maybe_unused]] const ssize_t n = ::write(fd, &one, sizeof one);
                   }));
}

RunDirWatch::~RunDirWatch() {
  on_stop_.reset();
  ::close(inotify_fd_);
  ::close(stop_fd_);
}

RunDirWatch::Wake RunDirWatch::wait(std::chrono::milliseconds timeout) {
  if (stop_token_.stop_requested()) {
    return Wake::stopped;
  }
  pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
  const int count = ::poll(fds, 2, static_cast<int>(std::max<std::int64_t>(timeout.count(), 0)));
  if (count <= 0) {
    return stop_token_.stop_requested() ? Wake::stopped : Wake::timed_out;
  }
  if ((fds[1].revents & POLLIN) != 0) {
    return Wake::stopped;
  }
  alignas(inotify_event) char buffer[4096];
  while (::read(inotify_fd_, buffer, sizeof buffer) > 0) {
  }
  return Wake::changed;
}

}  // namespace lf::core
