#include "state_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>

#include <boost/json.hpp>

#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

namespace json = boost::json;

constexpr const char* kJournal = "journal.jsonl";

std::string outcome_line(const RequestRecord& record) {
  json::object o{{"type", "outcome"},
                 {"id", record.id},
                 {"uid", record.uid},
                 {"ok", record.succeeded},
                 {"outcome", record.outcome}};
  return json::serialize(o) + "\n";
}

std::string request_line(const RequestRecord& record) {
  return "{\"type\":\"request\"," + to_state_json(record).substr(1);
}

}  // namespace

StateStore::StateStore(std::filesystem::path dir, Durability durability)
    : dir_(std::move(dir)), durability_(durability) {}

StateStore::~StateStore() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

Result<void> StateStore::save_request(const RequestRecord& record) {
  return append(request_line(record));
}

Result<void> StateStore::save_outcome(const RequestRecord& record) {
  return append(outcome_line(record));
}

Result<void> StateStore::append(const std::string& line) {
  if (dir_.empty()) {
    return {};
  }
  const auto path = dir_ / kJournal;
  std::unique_lock lock(mutex_);
  if (fd_ < 0) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      return fail(errno_error(errno, path.string()));
    }
  }
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno != EINTR) {
      return fail(errno_error(errno, path.string()));
    }
    rest.remove_prefix(n > 0 ? static_cast<std::size_t>(n) : 0U);
  }
  const std::uint64_t mine = ++written_;
  if (durability_ != Durability::fsync) {
    return {};
  }
  // Group commit: whoever finds no flush in progress flushes everything
  // written so far; the others wait for a flush that covers their line.
  while (synced_ < mine) {
    if (syncing_) {
      synced_cv_.wait(lock);
      continue;
    }
    syncing_ = true;
    const std::uint64_t target = written_;
    const int fd = fd_;
    lock.unlock();
    const int rc = ::fdatasync(fd);
    const int err = errno;
    lock.lock();
    syncing_ = false;
    synced_cv_.notify_all();
    if (rc != 0) {
      return fail(errno_error(err, path.string()));
    }
    synced_ = std::max(synced_, target);
  }
  return {};
}

std::vector<RequestRecord> StateStore::load(std::vector<std::string>& problems) {
  std::vector<RequestRecord> records;
  if (dir_.empty()) {
    return records;
  }
  std::map<std::string, RequestRecord> by_id;  // by request_key
  std::map<std::string, std::string> legacy;   // id -> key, for outcomes without a uid
  if (auto text = read_whole_file(dir_ / kJournal)) {
    for (const auto& line : split_lines(*text, "\n")) {
      boost::system::error_code ec;
      const auto parsed = json::parse(line, ec);
      const auto* type =
          !ec && parsed.is_object() ? parsed.get_object().if_contains("type") : nullptr;
      if (type != nullptr && *type == "request") {
        if (auto record = parse_state_json(line)) {
          std::string key = request_key(*record);
          legacy[record->id] = key;
          by_id[std::move(key)] = std::move(*record);
          continue;
        }
      } else if (type != nullptr && *type == "outcome") {
        const auto& o = parsed.get_object();
        const auto* id = o.if_contains("id");
        const auto* outcome = o.if_contains("outcome");
        const auto* ok = o.if_contains("ok");
        const auto* uid = o.if_contains("uid");
        boost::system::error_code uid_ec;
        const auto owner = uid != nullptr ? uid->to_number<std::uint32_t>(uid_ec) : 0U;
        auto it = by_id.end();
        if (id != nullptr && id->is_string() && uid != nullptr && !uid_ec) {
          it = by_id.find(request_key(owner, id->get_string()));
        } else if (id != nullptr && id->is_string()) {
          // Journals written before ids were scoped: ids were unique then.
          auto key = legacy.find(std::string(id->get_string()));
          it = key != legacy.end() ? by_id.find(key->second) : by_id.end();
        }
        if (it != by_id.end() && outcome != nullptr && outcome->is_string() && ok != nullptr
            && ok->is_bool()) {
          it->second.outcome = std::string(outcome->get_string());
          it->second.succeeded = ok->get_bool();
          it->second.state = RequestState::finished;
          continue;
        }
      }
      problems.push_back((dir_ / kJournal).string() + ": skipped a malformed line");
    }
  }
  for (auto& [id, record] : by_id) {
    records.push_back(std::move(record));
  }
  std::sort(
      records.begin(), records.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  std::string compacted;
  for (const auto& record : records) {
    compacted += request_line(record);
    if (record.state == RequestState::finished) {
      compacted += outcome_line(record);
    }
  }
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (auto written = write_file_atomic(dir_ / kJournal, compacted); !written) {
    problems.push_back(written.error().message);
  }
  return records;
}

}  // namespace lf::ctxfs
