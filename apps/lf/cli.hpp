#pragma once

// What every lf command handler works with: the Service (built on first use
// from the environment and --project) and the ways to print a result or an
// error. Not thread-safe; one per process.

#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include <boost/json/value.hpp>

#include <lightflow/base/error.hpp>
#include <lightflow/core/service.hpp>

namespace lf::cli {

class ParsedArgs;

enum class OutputStyle { json, human };

class Cli {
 public:
  Cli();

  /// The Service for this invocation; the first call builds it from the
  /// environment and the command's --project flag.
  Result<core::Service*> service(const ParsedArgs& args);

  /// Pretty JSON plus "\n" on stdout; returns 0.
  int print_json(const boost::json::value& value) const;

  /// The JSON form of a successful `result` (its to_json, found by argument
  /// lookup, or the value itself), or the report of its error.
  template <typename Value>
  int print_result(const Result<Value>& result) const;

  /// Raw text on stdout, exactly as given; returns 0.
  int print_text(std::string_view text) const;

  /// "lf: <detail or message>" on stderr; returns the exit code of error.code.
  int report(const Error& error) const;

  /// human when stdout is a terminal and --json was not given.
  OutputStyle output_style(const ParsedArgs& args) const;

 private:
  std::unique_ptr<core::Service> service_;
  bool stdout_is_terminal_ = false;
};

// Inline implementations

template <typename Value>
int Cli::print_result(const Result<Value>& result) const {
  if (!result) {
    return report(result.error());
  }
  if constexpr (std::is_convertible_v<const Value&, boost::json::value>) {
    return print_json(*result);
  } else {
    return print_json(to_json(*result));
  }
}

}  // namespace lf::cli
