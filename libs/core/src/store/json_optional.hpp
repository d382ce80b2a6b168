#pragma once

// Optional fields as JSON: the value, or null when absent. The run records,
// their log lines, the step cache and the execution events all write them so.
// Thread-safety: pure functions.

#include <filesystem>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

namespace lf::core {

inline boost::json::value json_or_null(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

inline boost::json::value json_or_null(const std::optional<std::filesystem::path>& path) {
  return path ? boost::json::value(path->string()) : boost::json::value(nullptr);
}

}  // namespace lf::core
