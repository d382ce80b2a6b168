#include "state_store.hpp"

#include <algorithm>

#include <lightflow/ctxabi/file_names.hpp>

#include "atomic_file.hpp"

namespace lf::ctxfs {

StateStore::StateStore(std::filesystem::path dir, Durability durability)
    : dir_(std::move(dir)), durability_(durability) {}

Result<void> StateStore::save_request(const RequestRecord& record) const {
  if (dir_.empty()) {
    return {};
  }
  return write_file_atomic(
      dir_ / "requests" / (record.id + ".json"), to_state_json(record), durability_);
}

Result<void> StateStore::save_outcome(const RequestRecord& record) const {
  if (dir_.empty()) {
    return {};
  }
  return write_file_atomic(dir_ / "outcomes" / outcome_name(record), record.outcome, durability_);
}

std::vector<RequestRecord> StateStore::load(std::vector<std::string>& problems) const {
  std::vector<RequestRecord> records;
  std::error_code ec;
  if (dir_.empty() || !std::filesystem::is_directory(dir_ / "requests", ec)) {
    return records;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "requests", ec)) {
    if (entry.path().extension() != ".json") {
      continue;  // temporaries of an interrupted write
    }
    auto text = read_whole_file(entry.path());
    auto record = text ? parse_state_json(*text) : Result<RequestRecord>(fail(text.error()));
    if (!record) {
      problems.push_back(entry.path().string() + ": " + record.error().message);
      continue;
    }
    for (const bool ok : {true, false}) {
      record->succeeded = ok;
      if (auto outcome = read_whole_file(dir_ / "outcomes" / outcome_name(*record))) {
        record->outcome = std::move(*outcome);
        record->state = RequestState::finished;
        break;
      }
    }
    records.push_back(std::move(*record));
  }
  std::sort(
      records.begin(), records.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  return records;
}

}  // namespace lf::ctxfs
