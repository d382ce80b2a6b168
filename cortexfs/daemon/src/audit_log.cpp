#include "audit_log.hpp"

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

void AuditLog::append(const AuditEvent& event) {
  lines_.push_back(to_audit_line(event));
  if (event.event == "staged") {
    ++staged_;
  } else if (event.event == "queued") {
    ++queued_;
  } else if (event.event == "drained") {
    ++drained_;
  } else if (event.event == "error") {
    ++errors_;
  } else if (event.event == "denied") {
    ++denied_;
  }
  input_tok_ += event.input_tok;
  output_tok_ += event.output_tok;
}

std::string AuditLog::events_text() const {
  std::string text;
  for (const auto& line : lines_) {
    text += line;
  }
  return text;
}

std::string AuditLog::usage_text() const {
  return "events=" + std::to_string(lines_.size()) + "\nstaged=" + std::to_string(staged_)
         + "\nqueued=" + std::to_string(queued_) + "\ndrained=" + std::to_string(drained_)
         + "\nerrors=" + std::to_string(errors_) + "\ndenied=" + std::to_string(denied_)
         + "\ninput_tok=" + std::to_string(input_tok_)
         + "\noutput_tok=" + std::to_string(output_tok_) + "\n";
}

}  // namespace lf::ctxfs
