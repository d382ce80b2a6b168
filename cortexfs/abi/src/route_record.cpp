#include <string>

#include <boost/json.hpp>

#include <lightflow/ctxabi/route_record.hpp>

namespace lf::ctxabi {
namespace {

std::string string_field(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return {};
  }
  return std::string(value->get_string());
}

}  // namespace

std::string to_json_line(const RouteRecord& record) {
  // boost::json::object keeps insertion order, which is the ABI's key order.
  const boost::json::object object{
      {"request_id", record.request_id},
      {"format", record.format},
      {"provider", record.provider},
      {"model", record.model},
      {"reason", record.reason},
      {"fingerprint", record.fingerprint},
  };
  std::string line = boost::json::serialize(object);
  line += '\n';
  return line;
}

Result<RouteRecord> parse_route_record(std::string_view text) {
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) {
    return fail(Code::corruption, "route record is not a JSON object");
  }
  const boost::json::object& object = value.get_object();
  return RouteRecord{
      string_field(object, "request_id"),
      string_field(object, "format"),
      string_field(object, "provider"),
      string_field(object, "model"),
      string_field(object, "reason"),
      string_field(object, "fingerprint"),
  };
}

}  // namespace lf::ctxabi
