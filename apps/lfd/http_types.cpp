#include "http_types.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <lightflow/core/error_mapping.hpp>

namespace lf::lfd {
namespace {

bool path_char(char c) {
  return c != ' ' && c != '\t' && c != '\n' && c != '"' && c != '\'' && c != ',' && c != ';'
         && c != ')' && c != '(' && c != ':';
}

}  // namespace

Response json_response(http::status status, const boost::json::value& body) {
  Response response{status, 11};
  response.set(http::field::content_type, "application/json");
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

Response json_text_response(http::status status, std::string_view text) {
  Response response{status, 11};
  response.set(http::field::content_type, "application/json");
  response.body().assign(text);
  response.prepare_payload();
  return response;
}

Response error_response(http::status status, std::string_view code, std::string_view message) {
  return json_response(
      status,
      boost::json::object{{"error", boost::json::object{{"code", code}, {"message", message}}}});
}

Response error_response(const Error& error) {
  const int status = core::error_mapping(error.code).http_status;
  return error_response(
      static_cast<http::status>(status), to_string(error.code), without_host_paths(error.message));
}

std::string without_host_paths(std::string_view message) {
  // Rationale: the core's messages name files by absolute path ("context:
  // detail"); a path starts with '/' after a separator and runs to the next
  // separator. Only its last component is kept ("manifest.json").
  std::string out;
  out.reserve(message.size());
  std::size_t i = 0;
  while (i < message.size()) {
    const bool starts_path =
        message[i] == '/' && (i == 0 || !path_char(message[i - 1]) || message[i - 1] == ' ');
    if (!starts_path) {
      out += message[i++];
      continue;
    }
    std::size_t end = i;
    while (end < message.size() && path_char(message[end])) {
      ++end;
    }
    const std::string_view path = message.substr(i, end - i);
    const std::size_t last = path.find_last_of('/');
    const std::string_view tail = path.substr(last + 1);
    // A lone "/" or a route-like fragment with one component is kept as is.
    out += path.find('/', 1) == std::string_view::npos ? path : tail;
    i = end;
  }
  return out;
}

void without_host_paths_in(boost::json::object& object) {
  for (auto& member : object) {
    without_host_paths_in(member.value());
  }
}

void without_host_paths_in(boost::json::value& value) {
  if (auto* text = value.if_string()) {
    *text = without_host_paths(*text);
  } else if (auto* object = value.if_object()) {
    without_host_paths_in(*object);
  } else if (auto* array = value.if_array()) {
    for (auto& item : *array) {
      without_host_paths_in(item);
    }
  }
}

}  // namespace lf::lfd
