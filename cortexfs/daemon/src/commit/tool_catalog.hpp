#pragma once

// The tools under /ctx/tool: a read-only set that reads files of the CortexFS
// mount itself, never the host (no shell.exec). Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace lf::ctxfs {

/// The tool ids, sorted: filesystem.read and mcp.local-fs.read_file.
std::vector<std::string> tool_ids();

/// The "path" of a tool request body ({"path": "..."}), relative to the mount
/// root (a leading '/' is ignored); empty when the body has none.
std::string tool_request_path(std::string_view body);

/// The tool's .resp.json content: {"path":...,"content":...}\n.
std::string tool_response(std::string_view path, std::string_view content);

}  // namespace lf::ctxfs
