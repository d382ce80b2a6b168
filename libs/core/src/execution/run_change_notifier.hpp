#pragma once

// The machinery behind RunWatch (run_watch.hpp): one inotify instance and one
// thread for every watched run directory of a Service, so that any number of
// followers (Server-Sent Events, waits, MCP progress) wait for a run's record
// to change without a thread each. An execution in this process also tells it
// when it ends (notify()), since leaving the Service's registry writes nothing.
// Run directories live on an ordinary filesystem, where inotify sees every
// write; the mask leaves out opens and read-only closes, so a reader never
// wakes itself.
// Thread-safety: every member may be called from any thread.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <lightflow/base/result.hpp>

namespace lf::core::detail {

/// One registration. Its mutex is held while its callback runs, so that
/// removing it waits for a running callback; recursive, so that a callback
/// may drop its own watch.
struct RunWatchEntry {
  std::recursive_mutex mutex;
  bool active = true;  // guarded by mutex
  std::function<void()> on_change;
  std::string dir;  // the watched directory, as given
  int wd = -1;      // its inotify watch descriptor
};

class RunChangeNotifier {
 public:
  RunChangeNotifier() = default;
  ~RunChangeNotifier();
  RunChangeNotifier(const RunChangeNotifier&) = delete;
  RunChangeNotifier& operator=(const RunChangeNotifier&) = delete;

  /// Calls `on_change` whenever something in `dir` is written, renamed into
  /// it, or the directory goes. Starts the thread on first use. Errors:
  /// not_found when `dir` does not exist; io_error when the kernel refuses.
  Result<std::shared_ptr<RunWatchEntry>> watch(const std::filesystem::path& dir,
                                               std::function<void()> on_change);

  /// Removes `entry`; once this returns its callback neither runs nor will.
  void unwatch(const std::shared_ptr<RunWatchEntry>& entry);

  /// Calls the callbacks of every watch of `dir` now, on the caller's thread.
  void notify(const std::filesystem::path& dir);

  /// Ends the thread; later changes are not told (notify() still is).
  void shutdown();

 private:
  Result<void> start_locked();
  void serve();
  void dispatch(const std::vector<std::shared_ptr<RunWatchEntry>>& entries);

  std::mutex mutex_;  // guards everything below; never held while a callback runs
  int inotify_fd_ = -1;
  int stop_fd_ = -1;
  bool stopped_ = false;
  std::thread thread_;
  std::map<int, std::vector<std::shared_ptr<RunWatchEntry>>> by_wd_;
};

}  // namespace lf::core::detail
