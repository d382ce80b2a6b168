#pragma once

// Committing a request into a CortexFS inbox: write a uniquely named staged file
// in the inbox, fsync it, and rename it onto <id>.req.json without replacing an
// existing one. The rename is the commit; on ctxfs it queues the request.
// Thread-safety: safe to call concurrently, also from several processes.

#include <filesystem>
#include <string_view>

#include <lightflow/base/result.hpp>
#include <lightflow/cortex/exchange.hpp>

namespace lf::cortex {

/// Commits `body` for `exchange`. Returns the committed path on success.
/// Errors:
/// - unavailable "CortexFS at <mount> is not connected (its ctxfs daemon has
///   stopped); recover it with: ctxfs mount <mount> ..." when the mount is a dead
///   FUSE endpoint (ENOTCONN);
/// - unavailable "CortexFS is not mounted at <mount>" when `mount` is missing or
///   an empty directory, or not_found "<inbox>: no such CortexFS inbox" when the
///   mount exists but the inbox does not;
/// - already_exists "request <id> is already committed: <path>" when
///   <id>.req.json exists (nothing is overwritten);
/// - conflict "request <id> is still pending in CortexFS" (EAGAIN from ctxfs);
/// - failed_precondition "CortexFS refused request <id>: no usable route" (EACCES);
/// - invalid_argument for EINVAL from ctxfs; io_error for anything else.
/// The staged file never outlives a failed commit.
Result<std::filesystem::path> commit_request(const std::filesystem::path& mount,
                                             const Exchange& exchange,
                                             std::string_view body);

}  // namespace lf::cortex
