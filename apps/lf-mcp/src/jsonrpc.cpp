#include "jsonrpc.hpp"

namespace lf::mcp {

boost::json::object result_response(const boost::json::value& id, boost::json::object result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

boost::json::object error_response(const boost::json::value& id, const RpcError& error) {
  boost::json::object body{{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) {
    body["data"] = error.data;
  }
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(body)}};
}

namespace {

bool usable_id(const boost::json::value& id) {
  return id.is_string() || id.is_int64() || id.is_uint64();
}

RpcError invalid_request(std::string message) {
  return RpcError{rpc::kInvalidRequest, std::move(message), nullptr};
}

// The era and progress token a request's _meta carries.
void read_meta(Request& request) {
  const auto* meta = request.params.if_contains("_meta");
  if (meta == nullptr || !meta->is_object()) {
    return;
  }
  const auto& fields = meta->get_object();
  if (const auto* version = fields.if_contains(kProtocolVersionKey);
      version != nullptr && version->is_string()) {
    request.modern_version = std::string(version->get_string());
  }
  if (const auto* token = fields.if_contains("progressToken");
      token != nullptr && (token->is_string() || token->is_number())) {
    request.progress_token = *token;
  }
}

}  // namespace

std::optional<RpcError> read_request(const boost::json::value& element,
                                     std::optional<Request>& request,
                                     boost::json::value& id_out) {
  request.reset();
  id_out = nullptr;
  const auto* object = element.if_object();
  if (object == nullptr) {
    return invalid_request("a JSON-RPC message must be an object");
  }
  const auto* id = object->if_contains("id");
  if (id != nullptr && usable_id(*id)) {
    id_out = *id;
  }
  const auto* version = object->if_contains("jsonrpc");
  if (version == nullptr || *version != "2.0") {
    return invalid_request("\"jsonrpc\" must be \"2.0\"");
  }
  const auto* method = object->if_contains("method");
  if (method == nullptr) {
    if (object->contains("result") || object->contains("error")) {
      return std::nullopt;  // a response to a request this server never sends: ignored
    }
    return invalid_request("a request needs a \"method\"");
  }
  if (!method->is_string()) {
    return invalid_request("\"method\" must be a string");
  }
  if (id != nullptr && !usable_id(*id)) {
    return invalid_request("\"id\" must be a string or an integer");
  }
  Request read;
  read.id = id != nullptr ? *id : boost::json::value(nullptr);
  read.method = std::string(method->get_string());
  if (const auto* params = object->if_contains("params"); params != nullptr) {
    if (!params->is_object()) {
      return RpcError{rpc::kInvalidParams, "\"params\" must be an object", nullptr};
    }
    read.params = params->get_object();
  }
  read_meta(read);
  request = std::move(read);
  return std::nullopt;
}

}  // namespace lf::mcp
