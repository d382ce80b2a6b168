#pragma once

// The audit log behind /ctx/audit/events.jsonl and audit/usage: one compact
// JSON line per event with the spec §4.8 keys in order, plus counters.
// Thread-safety: none; CtxFs guards it with its mutex.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lf::ctxfs {

/// The real caller of a FUSE operation (or the daemon itself, pid 0 never).
struct Caller {
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::int64_t pid = 0;
};

struct AuditEvent {
  std::string event;  ///< staged, queued, drained, error, denied, duplicate, created, configured
  std::string format;
  std::string name;
  Caller caller;
  std::string space;  ///< "home/<uid>"
  std::optional<std::string> provider;
  std::optional<std::string> model;
  std::optional<std::string> tool;
  std::string decision;  ///< empty: derived (deny, error or allow)
  std::uint64_t latency_ms = 0;
  std::uint64_t input_tok = 0;
  std::uint64_t output_tok = 0;
  std::optional<std::string> error;
  std::optional<std::string> fingerprint;
};

/// The compact JSON line for `event` (with "\n").
std::string to_audit_line(const AuditEvent& event);

class AuditLog {
 public:
  /// Appends one event and counts it.
  void append(const AuditEvent& event);

  /// The whole log, one line per event.
  std::string events_text() const;

  /// "events=N\nstaged=N\nqueued=N\ndrained=N\nerrors=N\ndenied=N\n" plus token totals.
  std::string usage_text() const;

 private:
  std::vector<std::string> lines_;
  std::uint64_t staged_ = 0;
  std::uint64_t queued_ = 0;
  std::uint64_t drained_ = 0;
  std::uint64_t errors_ = 0;
  std::uint64_t denied_ = 0;
  std::uint64_t input_tok_ = 0;
  std::uint64_t output_tok_ = 0;
};

}  // namespace lf::ctxfs
