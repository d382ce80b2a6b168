#include <set>

#include <catch2/catch.hpp>

#include <lightflow/core/error_mapping.hpp>

using lf::Code;

TEST_CASE("every error code maps to an HTTP status, an exit code and a JSON-RPC code",
          "[core][errors]") {
  const std::pair<Code, int> http[] = {
      {Code::invalid_argument, 400},
      {Code::not_found, 404},
      {Code::already_exists, 409},
      {Code::conflict, 409},
      {Code::failed_precondition, 412},
      {Code::io_error, 500},
      {Code::corruption, 500},
      {Code::timeout, 504},
      {Code::unavailable, 503},
      {Code::cancelled, 409},
      {Code::internal, 500},
  };
  std::set<int> exit_codes;
  std::set<int> rpc_codes;
  for (const auto& [code, status] : http) {
    INFO(lf::to_string(code));
    const auto mapping = lf::core::error_mapping(code);
    CHECK(mapping.http_status == status);
    // 0 is success, 1 is left to generic failures and 2 to usage errors.
    CHECK(mapping.exit_code > 2);
    CHECK(mapping.jsonrpc_code < 0);
    exit_codes.insert(mapping.exit_code);
    rpc_codes.insert(mapping.jsonrpc_code);
  }
  CHECK(exit_codes.size() == std::size(http));
  CHECK(rpc_codes.size() == std::size(http));
}
