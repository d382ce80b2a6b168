#include "tool_table.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <lightflow/core/error_mapping.hpp>

namespace lf::mcp {
namespace {

boost::json::object parse_schema(std::string_view text) {
  // The schemas are this program's own text: one that does not parse is a
  // bug found by the first test that lists the tools.
  return boost::json::parse(text).as_object();
}

boost::json::object listing_of(const ToolSpec& spec, const boost::json::object& input) {
  return {{"name", spec.name},
          {"title", spec.title},
          {"description", spec.description},
          {"inputSchema", input},
          {"outputSchema", parse_schema(spec.output_schema)},
          {"annotations",
           {{"title", spec.title},
            {"readOnlyHint", spec.effect == Effect::reads},
            {"destructiveHint", spec.effect == Effect::destroys},
            {"openWorldHint", false}}}};
}

}  // namespace

ToolTable::ToolTable() {
  for (auto group : {asset_tools, run_tools, exec_tools, inspect_tools}) {
    for (const ToolSpec& spec : group()) {
      boost::json::object input = parse_schema(spec.input_schema);
      boost::json::object listing = listing_of(spec, input);
      tools_.push_back(Tool{spec, std::move(input), std::move(listing)});
    }
  }
}

const Tool* ToolTable::find(std::string_view name) const {
  for (const Tool& tool : tools_) {
    if (tool.spec.name == name) {
      return &tool;
    }
  }
  return nullptr;
}

ToolResult failure(const Error& error) {
  std::string text = std::string(to_string(error.code)) + ": " + error.message;
  const boost::json::object json = core::to_json(error);
  text += "\n" + boost::json::serialize(boost::json::object{{"error", json}});
  return ToolResult{std::nullopt, std::move(text), true};
}

ToolResult failure(std::string message) {
  return ToolResult{std::nullopt, std::move(message), true};
}

ToolResult success(boost::json::object structured, std::string text) {
  return ToolResult{std::move(structured), std::move(text), false};
}

std::string string_arg(const boost::json::object& arguments, std::string_view name) {
  const auto* value = arguments.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::optional<std::string> optional_string_arg(const boost::json::object& arguments,
                                               std::string_view name) {
  const auto* value = arguments.if_contains(name);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->get_string());
}

std::optional<std::int64_t> optional_int_arg(const boost::json::object& arguments,
                                             std::string_view name) {
  const auto* value = arguments.if_contains(name);
  if (value == nullptr || !value->is_number()) {
    return std::nullopt;
  }
  return value->is_int64()    ? value->get_int64()
         : value->is_uint64() ? static_cast<std::int64_t>(value->get_uint64())
                              : static_cast<std::int64_t>(value->get_double());
}

std::optional<double> optional_number_arg(const boost::json::object& arguments,
                                          std::string_view name) {
  const auto* value = arguments.if_contains(name);
  if (value == nullptr || !value->is_number()) {
    return std::nullopt;
  }
  return value->is_int64()    ? static_cast<double>(value->get_int64())
         : value->is_uint64() ? static_cast<double>(value->get_uint64())
                              : value->get_double();
}

}  // namespace lf::mcp
