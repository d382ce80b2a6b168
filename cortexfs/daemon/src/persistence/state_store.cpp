#include "persistence/state_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>

#include <boost/json.hpp>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>

#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

namespace json = boost::json;

constexpr const char* kJournal = "journal.jsonl";

// The journal holds prompts and answers: only its owner may read it.
constexpr mode_t kJournalMode = 0600;
constexpr mode_t kStateDirMode = 0700;

// Creates `dir` (0700 for its last component) and its parents.
Result<void> make_state_dir(const std::filesystem::path& dir) {
  if (auto made = base::make_directories(dir.parent_path()); !made) {
    return made;
  }
  if (::mkdir(dir.c_str(), kStateDirMode) != 0 && errno != EEXIST) {
    return fail(errno_error(errno, dir.string()));
  }
  return {};
}

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

Result<void> StateStore::save_request(const RequestRecord& record, int* errnum, JournalSpan* at) {
  return append(request_line(record), errnum, at);
}

Result<void> StateStore::save_outcome(const RequestRecord& record, JournalSpan* at) {
  return append(outcome_line(record), nullptr, at);
}

Result<std::string> StateStore::read_field(JournalSpan span, std::string_view field) const {
  const auto path = dir_ / kJournal;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }
  std::string line(span.length, '\0');
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n =
        ::pread(fd, line.data() + done, line.size() - done, static_cast<off_t>(span.offset + done));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      return fail(errno_error(err, path.string()));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  boost::system::error_code ec;
  const auto parsed = json::parse(line, ec);
  const auto* value = !ec && parsed.is_object() ? parsed.get_object().if_contains(field) : nullptr;
  if (value == nullptr || !value->is_string()) {
    return fail(Code::corruption,
                path.string() + ": no \"" + std::string(field) + "\" at byte "
                    + std::to_string(span.offset));
  }
  return std::string(value->get_string());
}

Result<void> StateStore::open_journal(int* errnum) {
  const auto path = dir_ / kJournal;
  auto made = make_state_dir(dir_);
  if (made) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, kJournalMode);
    if (fd_ < 0) {
      made = fail(errno_error(errno, path.string()));
    }
  }
  if (!made) {
    if (errnum != nullptr) {
      *errnum = errno != 0 ? errno : EIO;
    }
    return made;
  }
  // load() left whole lines only; what is there is as durable as it will get.
  end_ = ::lseek(fd_, 0, SEEK_END);
  end_ = end_ < 0 ? 0 : end_;
  synced_end_ = end_;
  return {};
}

void StateStore::cut_back(off_t length) {
  if (::ftruncate(fd_, length) != 0) {
    broken_ = true;  // a partial line would swallow the next one: append no more
    return;
  }
  end_ = length;
}

Result<void> StateStore::append(const std::string& line, int* errnum, JournalSpan* at) {
  if (dir_.empty()) {
    return {};
  }
  const auto path = dir_ / kJournal;
  std::unique_lock lock(mutex_);
  if (fd_ < 0) {
    if (auto opened = open_journal(errnum); !opened) {
      return opened;
    }
  }
  auto failed = [&](int err) {
    if (errnum != nullptr) {
      *errnum = err;
    }
    return fail(errno_error(err, path.string()));
  };
  if (broken_) {
    return failed(EIO);
  }
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      // A full disk may take part of the line and refuse the rest: cut the
      // journal back to its last whole line, or the next line would be glued
      // onto this one and lost with it at the next load.
      const int err = n < 0 ? errno : ENOSPC;
      cut_back(end_);
      return failed(err);
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  const JournalSpan span{static_cast<std::uint64_t>(end_), line.size()};
  end_ += static_cast<off_t>(line.size());
  const std::uint64_t mine = ++written_;
  if (durability_ != Durability::fsync) {
    if (at != nullptr) {
      *at = span;
    }
    return {};
  }
  // Group commit: whoever finds no flush in progress flushes everything
  // written so far; the others wait for a flush that covers their line.
  for (;;) {
    for (const auto& [after, through] : dropped_) {
      if (mine > after && mine <= through) {
        return failed(EIO);  // a failed flush cut this line off again
      }
    }
    if (synced_ >= mine) {
      break;
    }
    if (syncing_) {
      synced_cv_.wait(lock);
      continue;
    }
    syncing_ = true;
    const std::uint64_t target = written_;
    const off_t target_end = end_;
    const int fd = fd_;
    lock.unlock();
    const int rc = ::fdatasync(fd);
    const int err = errno;
    lock.lock();
    syncing_ = false;
    synced_cv_.notify_all();
    if (rc != 0) {
      // Nothing written since the last good flush is known durable: cut it
      // all off, so no writer refused here finds its line again after a restart.
      dropped_.emplace_back(synced_, written_);
      cut_back(synced_end_);
      return failed(err);
    }
    synced_ = std::max(synced_, target);
    synced_end_ = std::max(synced_end_, target_end);
  }
  if (at != nullptr) {
    *at = span;  // only a line that stays in the journal
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
  const auto path = dir_ / kJournal;
  std::size_t whole_lines = 0;  // bytes up to the last newline
  if (auto text = base::read_text_file(path)) {
    const auto last_newline = text->rfind('\n');
    whole_lines = last_newline == std::string::npos ? 0 : last_newline + 1;
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
      problems.push_back(path.string() + ": skipped a malformed line");
    }
  }
  for (auto& [id, record] : by_id) {
    records.push_back(std::move(record));
  }
  std::sort(
      records.begin(), records.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  std::string compacted;
  for (auto& record : records) {
    const std::string request = request_line(record);
    record.request_line = JournalSpan{compacted.size(), request.size()};
    compacted += request;
    if (record.state == RequestState::finished) {
      const std::string outcome = outcome_line(record);
      record.outcome_line = JournalSpan{compacted.size(), outcome.size()};
      compacted += outcome;
    }
  }
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  auto written = make_state_dir(dir_);
  if (written) {
    written = base::write_file_atomically(path, compacted, kJournalMode);
  }
  if (!written) {
    problems.push_back(written.error().message);
    for (auto& record : records) {
      record.request_line = {};  // the spans are the compacted journal's
      record.outcome_line = {};
    }
    // The old journal stays; a torn last line must not take the next append with it.
    if (std::error_code ec; std::filesystem::file_size(path, ec) > whole_lines && !ec) {
      if (::truncate(path.c_str(), static_cast<off_t>(whole_lines)) != 0) {
        problems.push_back(errno_error(errno, path.string()).message);
        broken_ = true;
      }
    }
  }
  return records;
}

}  // namespace lf::ctxfs
