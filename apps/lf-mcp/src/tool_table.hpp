#pragma once

// The tools lf-mcp offers: each one's name, description, input and output
// schemas (JSON Schema 2020-12 text) and the handler that makes its Service
// call. The groups live in tools_assets.cpp, tools_runs.cpp, tools_exec.cpp
// and tools_inspect.cpp; ToolTable parses the schemas once and keeps the
// tools/list entries ready. Thread-safety: a ToolTable is immutable after
// construction; handlers may run concurrently.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/service.hpp>

namespace lf::mcp {

/// What a running tool may use besides its arguments.
struct ToolContext {
  core::Service& service;
  /// Requested when the client cancels the call (or the server stops).
  std::stop_token stop;
  /// Sends a progress notification when the client asked for progress; a
  /// no-op otherwise. `progress` increases from call to call.
  std::function<void(std::uint64_t progress, std::optional<std::uint64_t> total, std::string)>
      progress;
  /// Set when `stop` comes from the server stopping rather than from the
  /// client: an execution is then left to the Service (lfd leaves it
  /// resumable) instead of being cancelled with the call.
  const std::atomic<bool>& server_stopping;
  /// Options::on_launch.
  const std::function<void(const core::ExecutionHandle&)>& on_launch;
};

/// What a tool returns: its structuredContent (which matches its
/// outputSchema) and text, or a failure an agent can act on (isError).
struct ToolResult {
  std::optional<boost::json::object> structured;
  std::string text;  ///< empty: the compact JSON of `structured`
  bool is_error = false;
};

using ToolHandler = ToolResult (*)(const boost::json::object& arguments, ToolContext& context);

/// Whether a call may take long: long ones run on a thread of their own and
/// can be cancelled while they run.
enum class Duration { quick, long_running };

/// What a call does to LightFlow's state (the tool's annotations).
enum class Effect {
  reads,     ///< nothing changes (readOnlyHint)
  writes,    ///< creates or changes runs or assets, nothing is lost
  destroys,  ///< may replace or remove what exists (destructiveHint)
};

struct ToolSpec {
  std::string_view name;
  std::string_view title;
  std::string_view description;
  std::string_view input_schema;   ///< JSON text
  std::string_view output_schema;  ///< JSON text
  Duration duration = Duration::quick;
  Effect effect = Effect::reads;
  ToolHandler handler = nullptr;
};

std::vector<ToolSpec> asset_tools();
std::vector<ToolSpec> run_tools();
std::vector<ToolSpec> exec_tools();
std::vector<ToolSpec> inspect_tools();

struct Tool {
  ToolSpec spec;
  boost::json::object input_schema;
  boost::json::object listing;  ///< the tools/list entry
};

class ToolTable {
 public:
  ToolTable();

  /// Every tool, in a fixed order (tools/list is deterministic).
  const std::vector<Tool>& tools() const noexcept { return tools_; }

  /// The tool named `name`, or nullptr.
  const Tool* find(std::string_view name) const;

 private:
  std::vector<Tool> tools_;
};

// --- Helpers the tool files share -----------------------------------------

/// An lf::Error as a failed call: isError with "<code>: <message>" and what
/// it is about, so that an agent can fix the call.
ToolResult failure(const Error& error);

/// A failed call with a message of the tool's own (not from the Service).
ToolResult failure(std::string message);

/// A successful call with `structured` as its structuredContent.
ToolResult success(boost::json::object structured, std::string text = {});

/// The JSON form of a Service result as a call's result, or its error.
template <typename Value>
ToolResult from_result(const Result<Value>& result) {
  if (!result) {
    return failure(result.error());
  }
  if constexpr (std::is_convertible_v<const Value&, boost::json::object>) {
    return success(*result);
  } else {
    using core::to_json;
    return success(to_json(*result));
  }
}

/// A string argument ("" when absent; the schema makes required ones present).
std::string string_arg(const boost::json::object& arguments, std::string_view name);
std::optional<std::string> optional_string_arg(const boost::json::object& arguments,
                                               std::string_view name);
std::optional<std::int64_t> optional_int_arg(const boost::json::object& arguments,
                                             std::string_view name);
std::optional<double> optional_number_arg(const boost::json::object& arguments,
                                          std::string_view name);

}  // namespace lf::mcp
