#include "commit/tool_catalog.hpp"

#include <boost/json.hpp>

namespace lf::ctxfs {

std::vector<std::string> tool_ids() {
  return {"filesystem.read", "mcp.local-fs.read_file"};
}

std::string tool_request_path(std::string_view body) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return {};
  }
  const auto* path = parsed.get_object().if_contains("path");
  if (path == nullptr || !path->is_string()) {
    return {};
  }
  std::string text(path->get_string());
  while (!text.empty() && text.front() == '/') {
    text.erase(0, 1);
  }
  return text;
}

std::string tool_response(std::string_view path, std::string_view content) {
  boost::json::object reply{{"path", path}, {"content", content}};
  return boost::json::serialize(reply) + "\n";
}

}  // namespace lf::ctxfs
