#pragma once

// The npm packages an integration test runs (an OpenAPI linter, MCP clients,
// a FlatBuffers decoder), installed into the build tree at pinned versions by
// tests/support/scripts/npm_packages.sh.

#include <filesystem>
#include <string>
#include <vector>

namespace lf_test {

/// Installs `packages` ("name@version") into `dir` once; concurrent callers
/// wait for the one installing. Without node (at least `min_node_major`) or
/// npm, exits the test program with 77 so CTest reports it as skipped. The
/// empty string on success, else what npm said.
std::string install_npm_packages(const std::filesystem::path& dir,
                                 int min_node_major,
                                 const std::vector<std::string>& packages);

}  // namespace lf_test
