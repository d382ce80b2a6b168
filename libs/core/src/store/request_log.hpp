#pragma once

// outputs/requests.jsonl, the run's copies of the request bodies it committed
// (docs/run-store.md): one line {"step_id","attempt","body"} per request. A
// process killed after appending a line and before the manifest recorded the
// commit submits the step again when the run resumes; the log then already
// holds that exact line, and appending it again would leave a duplicate. So
// the writer keeps an index of the keys (step, attempt) and bodies the file
// holds, brings it up to date from the file's new bytes before each append,
// and appends only what is not there yet.
// Thread-safety: append() may be called from several threads at once; across
// processes, appends to one run are serialised by the run lock.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <lightflow/base/result.hpp>

namespace lf::core {

/// A request body to keep in outputs/requests.jsonl (RunStore::keep_requests).
struct RequestCopy {
  std::string step_id;
  int attempt = 1;
  std::string body;
};

/// One line of requests.jsonl, or std::nullopt when it is not one.
std::optional<RequestCopy> parse_request_line(std::string_view line);

/// The compact JSON line (with its '\n') that keeps `copy`.
std::string request_line(const RequestCopy& copy);

class RequestLog {
 public:
  explicit RequestLog(std::filesystem::path path) : path_(std::move(path)) {}

  /// Appends the lines of `copies` the file does not hold yet (a line with
  /// the same step, attempt and body), creating the file if needed; fdatasync
  /// with `sync`. Errors: io_error (and the other errno codes) on the file.
  Result<void> append(const std::vector<RequestCopy>& copies, bool sync);

 private:
  using Key = std::pair<std::string, int>;

  /// Indexes the whole lines written since the last call (all of them after
  /// the file was replaced or cut short).
  Result<void> catch_up(int fd);
  bool holds(const RequestCopy& copy) const;

  std::mutex mutex_;  // guards everything below
  std::filesystem::path path_;
  std::uint64_t device_ = 0;
  std::uint64_t inode_ = 0;
  std::size_t indexed_ = 0;            // bytes of whole lines indexed
  std::map<Key, std::size_t> bodies_;  // (step, attempt) -> hash of the newest body
};

/// The RequestLog of each requests.jsonl a store appended to, so that a
/// long-running writer (the scheduler) indexes its run's file once.
class RequestLogs {
 public:
  /// The log of `path`, made on first use; it lives as long as this object.
  RequestLog& of(const std::filesystem::path& path);

 private:
  std::mutex mutex_;  // guards logs_
  std::map<std::filesystem::path, std::unique_ptr<RequestLog>> logs_;
};

}  // namespace lf::core
