#include "run_arguments.hpp"

#include <boost/json.hpp>

#include "text_argument.hpp"

namespace lf::cli {

Result<boost::json::value> inputs_argument(const ParsedArgs& args) {
  const auto argument = args.find("inputs");
  if (!argument) {
    return boost::json::value(boost::json::object());
  }
  auto text = resolve_text_argument(*argument);
  if (!text) {
    return fail(std::move(text).error());
  }
  boost::system::error_code ec;
  boost::json::value inputs = boost::json::parse(*text, ec);
  if (ec) {
    return fail(Code::invalid_argument, "--inputs is not valid JSON: " + ec.message());
  }
  return inputs;
}

Result<core::CreateRunRequest> create_request(const ParsedArgs& args) {
  auto inputs = inputs_argument(args);
  if (!inputs) {
    return fail(std::move(inputs).error());
  }
  return core::CreateRunRequest{args.find("id"), args.get("workflow_id"), std::move(*inputs)};
}

}  // namespace lf::cli
