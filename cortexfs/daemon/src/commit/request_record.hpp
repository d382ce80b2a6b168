#pragma once

// One committed request as the daemon tracks and persists it: where it was
// committed, its body, fingerprint and route, and its outcome once finished.
// Thread-safety: plain value.

#include <cstdint>
#include <string>

#include <lightflow/base/result.hpp>

#include "fs/node.hpp"
#include "persistence/audit_log.hpp"

namespace lf::ctxfs {

/// Where a line of the state journal is: byte offset and length. A finished
/// request's files are read from its lines instead of being kept in memory.
struct JournalSpan {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;  ///< 0: not in the journal (kept in memory)

  bool valid() const noexcept { return length > 0; }
};

enum class RequestState {
  committing,  ///< reserved by a rename that is persisting it
  queued,
  running,
  finished,
};

struct RequestRecord {
  std::string id;         ///< unique within its owner's namespace (see request_key)
  std::uint64_t seq = 0;  ///< commit order; the queue is FIFO by seq
  ScopeKind kind = ScopeKind::api;
  std::uint32_t uid = 0;  ///< whose request: the home's uid; for a tool, its caller's
  std::string format;     ///< API format, or "tool.invoke"
  std::string tool;       ///< tool id (tool scopes), thread id (thread scopes)
  std::string body;
  std::string fingerprint;
  std::string provider;
  std::string model;
  std::string reason;
  Caller caller;
  RequestState state = RequestState::committing;
  bool succeeded = false;    ///< finished: .resp.json (true) or .error (false)
  std::string outcome;       ///< finished: the outcome file's content
  JournalSpan request_line;  ///< its journal line (holds "body"), once persisted
  JournalSpan outcome_line;  ///< its outcome's journal line (holds "outcome")
};

/// How the daemon knows a request: "<uid>/<id>". Request ids are scoped to
/// their owner, so two users may commit the same id.
std::string request_key(std::uint32_t uid, std::string_view id);

inline std::string request_key(const RequestRecord& record) {
  return request_key(record.uid, record.id);
}

/// The persisted JSON of a record (without its outcome).
std::string to_state_json(const RequestRecord& record);

/// Parses to_state_json's output. Returns corruption for anything else.
Result<RequestRecord> parse_state_json(std::string_view text);

/// The outcome file name of a finished record: "<id>.resp.json" or "<id>.error".
std::string outcome_name(const RequestRecord& record);

}  // namespace lf::ctxfs
