#include "persistence/audit_log.hpp"

#include <charconv>

#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

std::string opt(const std::optional<std::string>& value) {
  return value ? json_quote(*value) : std::string("null");
}

std::string operation_of(const std::string& event) {
  if (event == "queued") {
    return "submit";
  }
  if (event == "drained" || event == "error") {
    return "invoke";
  }
  if (event == "denied") {
    return "use";
  }
  if (event == "configured") {
    return "configure";
  }
  return "write";
}

std::string object_class_of(const std::string& format) {
  if (format.rfind("provider.", 0) == 0 || format == "chan") {
    return "provider";
  }
  if (format.rfind("thread", 0) == 0) {
    return "thread";
  }
  return "request";
}

std::string decision_of(const AuditEvent& e) {
  if (!e.decision.empty()) {
    return e.decision;
  }
  if (e.event == "denied") {
    return "deny";
  }
  return e.event == "error" ? "error" : "allow";
}

}  // namespace

std::string to_audit_line(const AuditEvent& e) {
  std::string line = "{\"event\":" + json_quote(e.event);
  line += ",\"format\":" + json_quote(e.format);
  line += ",\"name\":" + json_quote(e.name);
  line += ",\"host_uid\":" + std::to_string(e.caller.uid);
  line += ",\"host_gid\":" + std::to_string(e.caller.gid);
  line += ",\"host_pid\":" + std::to_string(e.caller.pid);
  line += ",\"external_subject\":null";
  line += ",\"space\":" + json_quote(e.space);
  line += ",\"agent\":\"helper\"";
  line += ",\"operation\":" + json_quote(operation_of(e.event));
  line += ",\"object_class\":" + json_quote(object_class_of(e.format));
  line += ",\"provider\":" + opt(e.provider);
  line += ",\"model\":" + opt(e.model);
  line += ",\"tool\":" + opt(e.tool);
  line += ",\"mcp_server\":null";
  line += ",\"decision\":" + json_quote(decision_of(e));
  line += ",\"latency_ms\":" + std::to_string(e.latency_ms);
  line += ",\"input_tok\":" + std::to_string(e.input_tok);
  line += ",\"output_tok\":" + std::to_string(e.output_tok);
  line += ",\"cost_usd\":0";
  line += ",\"error\":" + opt(e.error);
  line += ",\"fingerprint\":" + opt(e.fingerprint);
  line += "}\n";
  return line;
}

std::optional<std::uint32_t> space_uid(std::string_view space) {
  constexpr std::string_view kPrefix = "home/";
  if (!space.starts_with(kPrefix) || space.size() == kPrefix.size()) {
    return std::nullopt;
  }
  std::uint32_t uid = 0;
  const char* first = space.data() + kPrefix.size();
  const char* last = space.data() + space.size();
  const auto [end, ec] = std::from_chars(first, last, uid);
  if (ec != std::errc() || end != last) {
    return std::nullopt;
  }
  return uid;
}

void AuditLog::Usage::count(const AuditEvent& event) {
  ++events;
  if (event.event == "staged") {
    ++staged;
  } else if (event.event == "queued") {
    ++queued;
  } else if (event.event == "drained") {
    ++drained;
  } else if (event.event == "error") {
    ++errors;
  } else if (event.event == "denied") {
    ++denied;
  }
  input_tok += event.input_tok;
  output_tok += event.output_tok;
}

void AuditLog::append(const AuditEvent& event) {
  Line line{to_audit_line(event), event.caller.uid, space_uid(event.space)};
  total_.count(event);
  by_uid_[line.caller_uid].count(event);
  if (line.space_uid && *line.space_uid != line.caller_uid) {
    by_uid_[*line.space_uid].count(event);
  }
  lines_.push_back(std::move(line));
}

std::string AuditLog::events_text(std::optional<std::uint32_t> viewer) const {
  std::string text;
  for (const auto& line : lines_) {
    if (!viewer || line.caller_uid == *viewer || line.space_uid == viewer) {
      text += line.text;
    }
  }
  return text;
}

std::string AuditLog::usage_text(std::optional<std::uint32_t> viewer) const {
  Usage none;
  const Usage* usage = &total_;
  if (viewer) {
    auto it = by_uid_.find(*viewer);
    usage = it != by_uid_.end() ? &it->second : &none;
  }
  return "events=" + std::to_string(usage->events) + "\nstaged=" + std::to_string(usage->staged)
         + "\nqueued=" + std::to_string(usage->queued)
         + "\ndrained=" + std::to_string(usage->drained)
         + "\nerrors=" + std::to_string(usage->errors) + "\ndenied=" + std::to_string(usage->denied)
         + "\ninput_tok=" + std::to_string(usage->input_tok)
         + "\noutput_tok=" + std::to_string(usage->output_tok) + "\n";
}

}  // namespace lf::ctxfs
