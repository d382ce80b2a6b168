// The run event model: names of the kinds, and the JSON form of an event,
// which is both an events.jsonl line and what a live subscriber is sent.

#include <array>
#include <utility>

#include <boost/json.hpp>

#include <lightflow/core/run_events.hpp>

#include "store/json_optional.hpp"

namespace lf::core {
namespace {

// Persisted: never rename an entry.
constexpr std::array<std::pair<EventKind, std::string_view>, 12> kKindNames{{
    {EventKind::run_created, "run.created"},
    {EventKind::run_started, "run.started"},
    {EventKind::run_succeeded, "run.succeeded"},
    {EventKind::run_failed, "run.failed"},
    {EventKind::run_cancelled, "run.cancelled"},
    {EventKind::step_submitted, "step.submitted"},
    {EventKind::step_cached, "step.cached"},
    {EventKind::step_succeeded, "step.succeeded"},
    {EventKind::step_failed, "step.failed"},
    {EventKind::step_timed_out, "step.timed_out"},
    {EventKind::step_retried, "step.retried"},
    {EventKind::step_cancelled, "step.cancelled"},
}};

std::optional<std::string> text_field(const boost::json::object& line, std::string_view key) {
  const boost::json::value* value = line.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->get_string());
}

std::uint64_t count_field(const boost::json::object& line, std::string_view key) {
  const boost::json::value* value = line.if_contains(key);
  if (value == nullptr || !value->is_number()) {
    return 0;
  }
  boost::system::error_code ec;
  const auto number = value->to_number<std::uint64_t>(ec);
  return ec ? 0 : number;
}

}  // namespace

std::string_view to_string(EventKind kind) noexcept {
  for (const auto& [value, name] : kKindNames) {
    if (value == kind) {
      return name;
    }
  }
  return "unknown";
}

std::optional<EventKind> parse_event_kind(std::string_view name) {
  for (const auto& [value, known] : kKindNames) {
    if (known == name) {
      return value;
    }
  }
  return std::nullopt;
}

bool ends_run(EventKind kind) noexcept {
  return kind == EventKind::run_succeeded || kind == EventKind::run_failed
         || kind == EventKind::run_cancelled;
}

boost::json::object to_json(const RunEvent& event) {
  return boost::json::object{
      {"seq", event.seq},
      {"time", event.time},
      {"event", to_string(event.kind)},
      {"run_id", event.run_id},
      {"step_id", json_or_null(event.step_id)},
      {"detail", json_or_null(event.detail)},
      {"attempt", event.attempt ? boost::json::value(*event.attempt) : boost::json::value(nullptr)},
      {"provider", json_or_null(event.provider)},
      {"model", json_or_null(event.model)},
      {"done_steps", event.done_steps},
      {"total_steps", event.total_steps},
  };
}

Result<RunEvent> run_event_from_json(const boost::json::value& line, std::uint64_t fallback_seq) {
  if (!line.is_object()) {
    return fail(Code::corruption, "an event line must be a JSON object");
  }
  const boost::json::object& object = line.get_object();
  const auto name = text_field(object, "event");
  const auto kind = name ? parse_event_kind(*name) : std::nullopt;
  if (!kind) {
    return fail(Code::corruption, "unknown event kind " + name.value_or("(none)"));
  }
  RunEvent event;
  event.kind = *kind;
  event.seq = object.contains("seq") ? count_field(object, "seq") : fallback_seq;
  event.time = text_field(object, "time").value_or("");
  event.run_id = text_field(object, "run_id").value_or("");
  event.step_id = text_field(object, "step_id");
  event.detail = text_field(object, "detail");
  if (const boost::json::value* attempt = object.if_contains("attempt");
      attempt != nullptr && attempt->is_int64()) {
    event.attempt = static_cast<int>(attempt->get_int64());
  }
  event.provider = text_field(object, "provider");
  event.model = text_field(object, "model");
  event.done_steps = count_field(object, "done_steps");
  event.total_steps = count_field(object, "total_steps");
  return event;
}

boost::json::object to_json(const RunEvents& events) {
  boost::json::array lines;
  for (const RunEvent& event : events.events) {
    lines.emplace_back(to_json(event));
  }
  return boost::json::object{
      {"run_id", events.run_id},
      {"events", std::move(lines)},
      {"last_seq", events.last_seq},
      {"finished", events.finished},
      {"skipped_lines", events.skipped_lines},
  };
}

}  // namespace lf::core
