#pragma once

// The audit log behind /ctx/audit/events.jsonl and audit/usage: one compact
// JSON line per event with the spec §4.8 keys in order, plus counters. Each
// line remembers whom it concerns (its caller and the home of its space), so
// a multi-user mount can show every user only their own events.
// Thread-safety: none; CtxFs guards it with its mutex.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

/// The uid of a "home/<uid>" space, or std::nullopt for any other text.
std::optional<std::uint32_t> space_uid(std::string_view space);

class AuditLog {
 public:
  /// Appends one event and counts it.
  void append(const AuditEvent& event);

  /// The log, one line per event: all of it for std::nullopt, else only the
  /// events `viewer` made or that happened in its home.
  std::string events_text(std::optional<std::uint32_t> viewer = std::nullopt) const;

  /// "events=N\nstaged=N\nqueued=N\ndrained=N\nerrors=N\ndenied=N\n" plus token
  /// totals, over the events events_text(viewer) shows.
  std::string usage_text(std::optional<std::uint32_t> viewer = std::nullopt) const;

 private:
  struct Line {
    std::string text;
    std::uint32_t caller_uid = 0;
    std::optional<std::uint32_t> space_uid;
  };

  struct Usage {
    std::uint64_t events = 0;
    std::uint64_t staged = 0;
    std::uint64_t queued = 0;
    std::uint64_t drained = 0;
    std::uint64_t errors = 0;
    std::uint64_t denied = 0;
    std::uint64_t input_tok = 0;
    std::uint64_t output_tok = 0;

    void count(const AuditEvent& event);
  };

  std::vector<Line> lines_;
  Usage total_;
  std::map<std::uint32_t, Usage> by_uid_;  // what each uid's view counts
};

}  // namespace lf::ctxfs
