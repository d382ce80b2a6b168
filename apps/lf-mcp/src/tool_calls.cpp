// tools/call: finds the tool, checks the arguments against its inputSchema,
// runs it (a long one on a thread of its own, cancellable) and shapes its
// result: structuredContent plus a text rendering, isError for a failure.

#include <exception>

#include <boost/json/serialize.hpp>

#include "schema_check.hpp"
#include "server_impl.hpp"

namespace lf::mcp {
namespace {

boost::json::object call_result(const ToolResult& result) {
  std::string text = result.text;
  if (text.empty() && result.structured) {
    text = boost::json::serialize(*result.structured);
  }
  boost::json::object json{
      {"content", boost::json::array{boost::json::object{{"type", "text"}, {"text", text}}}},
      {"isError", result.is_error}};
  if (result.structured) {
    json["structuredContent"] = *result.structured;
  }
  return json;
}

// Runs a tool; an exception becomes a failed call instead of a lost reply.
ToolResult run_tool(const Tool& tool, const boost::json::object& arguments, ToolContext& context) {
  try {
    return tool.spec.handler(arguments, context);
  } catch (const std::exception& error) {
    return failure(std::string("internal: ") + error.what());
  } catch (...) {
    return failure("internal: unexpected exception");
  }
}

}  // namespace

void Server::Impl::call_tool(Request request,
                             const std::shared_ptr<Channel>& channel,
                             const std::string& scope,
                             Completion done) {
  const auto refused = [&](std::string message) {
    done(
        Answer{refuse(request, RpcError{rpc::kInvalidParams, std::move(message), nullptr}), false});
  };
  const auto* name = request.params.if_contains("name");
  if (name == nullptr || !name->is_string()) {
    return refused("tools/call needs params.name, a string");
  }
  const Tool* tool = tools.find(name->get_string());
  if (tool == nullptr) {
    return refused("unknown tool: " + std::string(name->get_string())
                   + " (tools/list names every tool)");
  }
  boost::json::object arguments;
  if (const auto* given = request.params.if_contains("arguments");
      given != nullptr && !given->is_null()) {
    if (!given->is_object()) {
      return refused("tools/call params.arguments must be an object");
    }
    arguments = given->get_object();
  }
  // Arguments that break the schema are the caller's to fix: a failed call
  // naming the argument, not a protocol error.
  if (auto problem = schema_violation(arguments, tool->input_schema)) {
    const ToolResult invalid =
        failure("invalid arguments for " + std::string(tool->spec.name) + ": " + *problem);
    return done(Answer{respond(request, call_result(invalid)), false});
  }
  const auto progress = [channel, token = request.progress_token](
                            std::uint64_t value,
                            std::optional<std::uint64_t> total,
                            std::string message) {
    if (!token) {
      return;
    }
    boost::json::object params{
        {"progressToken", *token}, {"progress", value}, {"message", message}};
    if (total) {
      params["total"] = *total;
    }
    channel->notify({{"jsonrpc", "2.0"}, {"method", "notifications/progress"}, {"params", params}});
  };
  if (tool->spec.duration == Duration::quick) {
    ToolContext context{service, {}, progress, calls.stopping(), options.on_launch};
    return done(Answer{respond(request, call_result(run_tool(*tool, arguments, context))), false});
  }
  const std::string key = call_key(scope, boost::json::serialize(request.id));
  auto work = [this, tool, arguments, progress, request, done](std::stop_token stop) {
    ToolContext context{service, stop, progress, calls.stopping(), options.on_launch};
    ToolResult result = run_tool(*tool, arguments, context);
    // A cancelled request gets no response (the client has forgotten it).
    done(Answer{
        stop.stop_requested() ? std::nullopt : std::optional(respond(request, call_result(result))),
        false});
  };
  if (!calls.start(key, std::move(work))) {
    const ToolResult busy =
        failure("unavailable: " + std::to_string(options.max_long_calls)
                + " long calls are in flight already; wait for one to end and call again");
    done(Answer{respond(request, call_result(busy)), false});
  }
}

}  // namespace lf::mcp
