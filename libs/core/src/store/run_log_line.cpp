#include "store/run_log_line.hpp"

#include <boost/json.hpp>

#include "store/json_optional.hpp"
#include "store/jsonl_log.hpp"

namespace lf::core {

std::vector<RunEvent> stamp_events(const std::vector<EventEntry>& entries,
                                   const RunManifest& manifest,
                                   std::string_view time,
                                   std::uint64_t first_seq) {
  std::size_t done = 0;
  for (const RunStepRecord& step : manifest.steps) {
    done += step.current.status == StepStatus::succeeded ? 1 : 0;
  }
  std::vector<RunEvent> events;
  events.reserve(entries.size());
  std::uint64_t seq = first_seq;
  for (const EventEntry& entry : entries) {
    RunEvent event;
    event.seq = seq++;
    event.time = std::string(time);
    event.kind = entry.kind;
    event.run_id = manifest.run_id;
    event.step_id = entry.step_id;
    event.detail = entry.detail;
    if (entry.step_id) {
      if (const RunStepRecord* step = find_step(manifest, *entry.step_id)) {
        event.attempt = step->current.number;
        event.provider = step->current.provider_id;
        event.model = step->current.model_id;
      }
    }
    event.done_steps = done;
    event.total_steps = manifest.steps.size();
    events.push_back(std::move(event));
  }
  return events;
}

std::string format_event_lines(const std::vector<RunEvent>& events) {
  std::string out;
  for (const RunEvent& event : events) {
    out += boost::json::serialize(to_json(event));
    out += '\n';
  }
  return out;
}

std::string format_trace_lines(const std::vector<LogEntry>& entries,
                               std::string_view run_id,
                               std::string_view time,
                               std::uint64_t seq) {
  std::string out;
  for (const LogEntry& entry : entries) {
    boost::json::object line;
    line["seq"] = seq;
    line["time"] = time;
    line["event"] = entry.event;
    line["run_id"] = run_id;
    line["step_id"] = json_or_null(entry.step_id);
    line["path"] = json_or_null(entry.detail);
    out += boost::json::serialize(line);
    out += '\n';
  }
  return out;
}

RunEvents parse_event_lines(std::string_view text,
                            std::string_view run_id,
                            std::uint64_t after_seq) {
  RunEvents out;
  out.run_id = std::string(run_id);
  out.last_seq = after_seq;
  std::uint64_t previous = 0;
  for (const std::string_view line : whole_lines(text)) {
    if (line.empty()) {
      continue;
    }
    boost::system::error_code ec;
    const boost::json::value value = boost::json::parse(line, ec);
    auto event = ec ? Result<RunEvent>(fail(Code::corruption, "torn line"))
                    : run_event_from_json(value, previous + 1);
    if (!event) {
      ++out.skipped_lines;  // a line torn by a crash, or of a kind this version lacks
      continue;
    }
    previous = event->seq;
    if (event->seq > after_seq) {
      out.last_seq = event->seq;
      out.events.push_back(std::move(*event));
    }
  }
  return out;
}

}  // namespace lf::core
