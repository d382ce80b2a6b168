#pragma once

// MCP over stdio: one JSON-RPC message per line on stdin, one per line on
// stdout and nothing else there (logs go to stderr). A line that is not JSON
// gets a parse error and the loop goes on; a line longer than the limit is
// skipped with an error; at EOF the long calls are stopped and the loop ends.
// Thread-safety: run_stdio owns stdin and stdout while it runs.

#include <cstddef>

#include <lf_mcp/server.hpp>

namespace lf::mcp {

/// The longest message accepted on stdin.
inline constexpr std::size_t kMaxLineBytes = std::size_t{64} << 20;

/// Serves `server` on stdin/stdout until EOF; returns the exit code.
int run_stdio(Server& server);

}  // namespace lf::mcp
