#include "store/run_log_line.hpp"

#include <boost/json.hpp>

#include "store/json_optional.hpp"

namespace lf::core {

std::string format_log_lines(LogKind kind,
                             const std::vector<LogEntry>& entries,
                             std::string_view run_id,
                             std::string_view time,
                             std::uint64_t first_seq) {
  std::string out;
  std::uint64_t seq = first_seq;
  for (const LogEntry& entry : entries) {
    boost::json::object line;
    line["seq"] = seq++;
    line["time"] = time;
    line["event"] = entry.event;
    line["run_id"] = run_id;
    line["step_id"] = json_or_null(entry.step_id);
    line[kind == LogKind::events ? "detail" : "path"] = json_or_null(entry.detail);
    out += boost::json::serialize(line);
    out += '\n';
  }
  return out;
}

}  // namespace lf::core
