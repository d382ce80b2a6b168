#pragma once

// Checks a tool's arguments against its inputSchema before the tool runs, so
// that a wrong type or a missing argument comes back as a message naming the
// argument. The schemas are this server's own (tool_table.cpp), so only the
// JSON Schema keywords they use are understood: type (one or a list),
// properties, required, additionalProperties (false), enum, minimum,
// maximum, minLength and items. Thread-safety: pure functions.

#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace lf::mcp {

/// std::nullopt when `value` satisfies `schema`; else what is wrong, naming
/// the place ("arguments.options.max_parallel: must be >= 1").
std::optional<std::string> schema_violation(const boost::json::value& value,
                                            const boost::json::object& schema,
                                            const std::string& where = "arguments");

}  // namespace lf::mcp
