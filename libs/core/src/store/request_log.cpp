#include "store/request_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <functional>

#include <boost/json.hpp>

#include <lightflow/base/text_file.hpp>
#include <lightflow/core/json_text.hpp>

#include "store/jsonl_log.hpp"

namespace lf::core {
namespace {

std::size_t body_hash(std::string_view body) {
  return std::hash<std::string_view>{}(body);
}

// Closes the descriptor on every path out of append().
struct Descriptor {
  int fd;

  ~Descriptor() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

}  // namespace

std::optional<RequestCopy> parse_request_line(std::string_view line) {
  boost::system::error_code bad;
  const boost::json::value value = boost::json::parse(line, bad);
  const boost::json::object* fields = bad ? nullptr : value.if_object();
  const auto* step = fields ? fields->if_contains("step_id") : nullptr;
  const auto* number = fields ? fields->if_contains("attempt") : nullptr;
  const auto* body = fields ? fields->if_contains("body") : nullptr;
  if (step && step->is_string() && number && number->is_int64() && body && body->is_string()) {
    return RequestCopy{std::string(step->get_string()),
                       static_cast<int>(number->get_int64()),
                       std::string(body->get_string())};
  }
  return std::nullopt;
}

std::string request_line(const RequestCopy& copy) {
  return to_compact_json(boost::json::object{
             {"step_id", copy.step_id},
             {"attempt", copy.attempt},
             {"body", copy.body},
         })
         + "\n";
}

RequestLog& RequestLogs::of(const std::filesystem::path& path) {
  const std::lock_guard<std::mutex> guard(mutex_);
  std::unique_ptr<RequestLog>& log = logs_[path];
  if (!log) {
    log = std::make_unique<RequestLog>(path);
  }
  return *log;
}

Result<void> RequestLog::catch_up(int fd) {
  struct stat info {};

  if (::fstat(fd, &info) != 0) {
    return fail(errno_error(errno, path_.string()));
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  const auto device = static_cast<std::uint64_t>(info.st_dev);
  const auto inode = static_cast<std::uint64_t>(info.st_ino);
  if (device != device_ || inode != inode_ || size < indexed_) {
    // Another file (a run deleted and created again) or one cut short.
    device_ = device;
    inode_ = inode;
    indexed_ = 0;
    bodies_.clear();
  }
  if (size == indexed_) {
    return {};
  }
  std::string tail(size - indexed_, '\0');
  const ssize_t n = ::pread(fd, tail.data(), tail.size(), static_cast<off_t>(indexed_));
  if (n < 0) {
    return fail(errno_error(errno, path_.string()));
  }
  tail.resize(static_cast<std::size_t>(n));
  std::size_t consumed = 0;
  for (const std::string_view line : whole_lines(tail)) {
    consumed += line.size() + 1;
    if (auto copy = parse_request_line(line)) {
      bodies_[{std::move(copy->step_id), copy->attempt}] = body_hash(copy->body);
    }
  }
  indexed_ += consumed;  // a torn last line is left for the next look
  return {};
}

bool RequestLog::holds(const RequestCopy& copy) const {
  const auto found = bodies_.find(Key{copy.step_id, copy.attempt});
  return found != bodies_.end() && found->second == body_hash(copy.body);
}

Result<void> RequestLog::append(const std::vector<RequestCopy>& copies, bool sync) {
  const std::lock_guard<std::mutex> guard(mutex_);
  const Descriptor file{::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600)};
  if (file.fd < 0) {
    return fail(errno_error(errno, path_.string()));
  }
  if (auto ok = catch_up(file.fd); !ok) {
    return ok;
  }
  std::string lines;
  std::vector<const RequestCopy*> added;
  for (const RequestCopy& copy : copies) {
    if (!holds(copy)) {
      lines += request_line(copy);
      added.push_back(&copy);
    }
  }
  if (lines.empty()) {
    return {};
  }
  if (auto ok = append_jsonl_fd(file.fd, path_, lines, sync); !ok) {
    return ok;
  }
  for (const RequestCopy* copy : added) {
    bodies_[{copy->step_id, copy->attempt}] = body_hash(copy->body);
  }

  // The run lock keeps other writers out, so the file now ends with our lines.
  struct stat info {};

  indexed_ = ::fstat(file.fd, &info) == 0 ? static_cast<std::size_t>(info.st_size) : 0;
  if (indexed_ == 0) {
    bodies_.clear();  // unknown: index the whole file again next time
  }
  return {};
}

}  // namespace lf::core
