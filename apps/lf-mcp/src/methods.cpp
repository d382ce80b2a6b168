// The MCP methods other than tools/call: the handshake of the 2025-11-25 era
// (initialize, ping, logging/setLevel), server/discover of the 2026-07-28
// era, the four lists, resources/read and prompts/get; and the notifications
// a client sends (initialized, cancelled).

#include <array>
#include <map>
#include <string_view>

#include <boost/json/serialize.hpp>

#include <lightflow/core/error_mapping.hpp>

#include "pagination.hpp"
#include "prompts.hpp"
#include "resources.hpp"
#include "server_impl.hpp"

namespace lf::mcp {
namespace {

constexpr std::array<std::string_view, 4> kLegacyVersions = {
    "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};

// Clients of the 2026-07-28 era cache tools/list and server/discover this
// long: the tools of one lf-mcp never change while it runs.
constexpr std::int64_t kStaticTtlMs = 3600000;

constexpr std::string_view kInstructions =
    "LightFlow runs AI workflows written as C++ asset files (models, nodes, compositions, "
    "workflows). Read lf_authoring_guide first; find assets with lf_assets_list; write them with "
    "lf_asset_validate then lf_asset_write; check a run with lf_run_preview; run it with "
    "lf_run_execute (progress and cancellation supported) and read answers with lf_run_output. "
    "Failed calls come back with isError and a message naming what to fix.";

boost::json::array supported_versions() {
  boost::json::array versions{kModernVersion};
  for (std::string_view version : kLegacyVersions) {
    versions.emplace_back(version);
  }
  return versions;
}

RpcError invalid_params(std::string message) {
  return RpcError{rpc::kInvalidParams, std::move(message), nullptr};
}

}  // namespace

Server::Impl::Impl(core::Service& service_in, Options options_in)
    : service(service_in),
      options(std::move(options_in)),
      server_info{{"name", options.name}, {"title", "LightFlow"}, {"version", options.version}},
      calls(options.max_long_calls) {
  for (const Tool& tool : tools.tools()) {
    tool_listing.push_back(tool.listing);
  }
}

boost::json::object Server::Impl::respond(const Request& request,
                                          boost::json::object result,
                                          Cacheable cacheable) const {
  if (request.modern()) {
    result["resultType"] = "complete";
    result["_meta"] = boost::json::object{{kServerInfoKey, server_info}};
    if (cacheable != Cacheable::no) {
      result["ttlMs"] = cacheable == Cacheable::yes_public ? kStaticTtlMs : 0;
      result["cacheScope"] = cacheable == Cacheable::yes_public ? "public" : "private";
    }
  }
  return result_response(request.id, std::move(result));
}

boost::json::object Server::Impl::refuse(const Request& request, RpcError error) {
  return error_response(request.id, error);
}

RpcError Server::Impl::protocol_error(const Request& request, const Error& error) {
  const boost::json::value data = core::to_json(error);
  if (error.code == Code::not_found) {
    return RpcError{
        request.modern() ? rpc::kInvalidParams : rpc::kLegacyResourceNotFound, error.message, data};
  }
  return RpcError{core::error_mapping(error.code).jsonrpc_code, error.message, data};
}

void Server::Impl::notice(const Request& notification, const std::string& scope) {
  if (notification.method != "notifications/cancelled") {
    return;  // initialized, progress, roots changes: nothing to do
  }
  const auto* id = notification.params.if_contains("requestId");
  if (id != nullptr && (id->is_string() || id->is_number())) {
    calls.cancel(call_key(scope, boost::json::serialize(*id)));
  }
}

boost::json::object Server::Impl::initialize(const Request& request) const {
  const auto* asked = request.params.if_contains("protocolVersion");
  std::string_view version = kLatestLegacyVersion;
  for (std::string_view known : kLegacyVersions) {
    if (asked != nullptr && asked->is_string() && asked->get_string() == known) {
      version = known;
    }
  }
  return result_response(request.id,
                         {{"protocolVersion", version},
                          {"capabilities",
                           {{"tools", {{"listChanged", false}}},
                            {"resources", {{"subscribe", false}, {"listChanged", false}}},
                            {"prompts", {{"listChanged", false}}},
                            {"logging", boost::json::object()}}},
                          {"serverInfo", server_info},
                          {"instructions", kInstructions}});
}

boost::json::object Server::Impl::discover(const Request& request) const {
  // Answered whatever the era: a dual-era client probes with it first.
  return result_response(request.id,
                         {{"resultType", "complete"},
                          {"supportedVersions", supported_versions()},
                          {"capabilities",
                           {{"tools", {{"listChanged", false}}},
                            {"resources", boost::json::object()},
                            {"prompts", boost::json::object()}}},
                          {"_meta", {{kServerInfoKey, server_info}}},
                          {"instructions", kInstructions},
                          {"ttlMs", kStaticTtlMs},
                          {"cacheScope", "public"}});
}

boost::json::object Server::Impl::empty(const Request& request) const {
  return respond(request, boost::json::object());
}

boost::json::object Server::Impl::list(const Request& request) const {
  const auto start = page_start(request.params);
  if (!start) {
    return refuse(request, invalid_params("invalid cursor"));
  }
  boost::json::object result;
  Cacheable cache = Cacheable::yes_public;
  const std::string& method = request.method;
  if (method == "tools/list") {
    fill_page(result, "tools", tool_listing, *start, options.page_size);
  } else if (method == "resources/list") {
    fill_page(result, "resources", list_resources(service), *start, options.page_size);
    cache = Cacheable::yes_private;
  } else if (method == "resources/templates/list") {
    fill_page(result, "resourceTemplates", resource_templates(), *start, options.page_size);
  } else {
    fill_page(result, "prompts", prompt_list(), *start, options.page_size);
  }
  return respond(request, std::move(result), cache);
}

boost::json::object Server::Impl::read(const Request& request) const {
  const auto* uri = request.params.if_contains("uri");
  if (uri == nullptr || !uri->is_string()) {
    return refuse(request, invalid_params("resources/read needs params.uri, a string"));
  }
  auto contents = read_resource(service, uri->get_string());
  if (!contents) {
    return refuse(request, protocol_error(request, contents.error()));
  }
  return respond(request, std::move(*contents), Cacheable::yes_private);
}

boost::json::object Server::Impl::prompt(const Request& request) const {
  const auto* name = request.params.if_contains("name");
  const auto* arguments = request.params.if_contains("arguments");
  if (name == nullptr || !name->is_string() || (arguments != nullptr && !arguments->is_object())) {
    return refuse(request,
                  invalid_params("prompts/get needs params.name, a string, and params.arguments, "
                                 "an object when given"));
  }
  auto messages =
      get_prompt(service,
                 name->get_string(),
                 arguments != nullptr ? arguments->get_object() : boost::json::object());
  if (!messages) {
    return refuse(request, protocol_error(request, messages.error()));
  }
  return respond(request, std::move(*messages));
}

void Server::Impl::dispatch(Request request,
                            const std::shared_ptr<Channel>& channel,
                            const std::string& scope,
                            Completion done) {
  using Method = boost::json::object (Impl::*)(const Request&) const;
  static const std::map<std::string, Method, std::less<>> kMethods = {
      {"initialize", &Impl::initialize},
      {"server/discover", &Impl::discover},
      {"ping", &Impl::empty},
      {"logging/setLevel", &Impl::empty},
      {"tools/list", &Impl::list},
      {"resources/list", &Impl::list},
      {"resources/templates/list", &Impl::list},
      {"prompts/list", &Impl::list},
      {"resources/read", &Impl::read},
      {"prompts/get", &Impl::prompt},
  };
  if (request.modern() && *request.modern_version != kModernVersion) {
    const boost::json::object data{{"supported", supported_versions()},
                                   {"requested", *request.modern_version}};
    return done(Answer{refuse(request,
                              RpcError{rpc::kUnsupportedProtocolVersion,
                                       "unsupported protocol version " + *request.modern_version,
                                       data}),
                       false});
  }
  if (request.method == "tools/call") {
    return call_tool(std::move(request), channel, scope, std::move(done));
  }
  const auto method = kMethods.find(request.method);
  if (method == kMethods.end()) {
    return done(Answer{
        refuse(request,
               RpcError{rpc::kMethodNotFound, "method not found: " + request.method, nullptr}),
        false});
  }
  boost::json::object response = (this->*(method->second))(request);
  // A successful initialize opens a session (an HTTP transport names it).
  const bool opened = request.method == "initialize" && response.contains("result");
  done(Answer{std::move(response), opened});
}

}  // namespace lf::mcp
