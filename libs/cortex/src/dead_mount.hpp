#pragma once

// A CortexFS mount whose daemon died: every access under it fails with
// ENOTCONN ("Transport endpoint is not connected") until it is unmounted.
// Clients report it at once as unavailable, with the command that recovers
// it, rather than waiting for outcomes that cannot come.
// Thread-safety: pure functions over the filesystem.

#include <filesystem>

#include <lightflow/base/error.hpp>

namespace lf::cortex::detail {

/// unavailable: "CortexFS at <mount> is not connected (its ctxfs daemon has
/// stopped); recover it with: ctxfs mount <mount> (or: fusermount3 -u -z <mount>)",
/// where <mount> is the dead mount holding `path` (its topmost ancestor that
/// still answers ENOTCONN).
Error dead_mount_error(const std::filesystem::path& path);

/// errno_error, except that ENOTCONN becomes dead_mount_error(path).
Error access_error(int errnum, const std::filesystem::path& path);

}  // namespace lf::cortex::detail
