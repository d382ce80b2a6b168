#pragma once

// How each lf::Code reaches a user through each adapter: the HTTP status lfd
// answers with, the exit code lf returns and the JSON-RPC error code lf-mcp uses
// for protocol-level failures. One table (src/error.cpp, docs/errors.md); adapters
// never invent their own codes. Thread-safety: pure functions.

#include <lightflow/base/error.hpp>

namespace lf::core {

struct ErrorMapping {
  int http_status;
  int exit_code;
  int jsonrpc_code;
};

/// The adapter codes for `code`.
ErrorMapping error_mapping(Code code) noexcept;

/// lf's exit code for a command-line usage error (unknown flag, missing or
/// extra argument). Not an lf::Code: the request never reached the Service.
inline constexpr int kUsageExitCode = 2;

}  // namespace lf::core
