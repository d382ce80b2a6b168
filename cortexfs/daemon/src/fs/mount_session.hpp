#pragma once

// Mounting and serving: builds the CtxFs, creates the FUSE session, installs
// the signal handlers, mounts, optionally detaches, runs the workers and the
// multithreaded FUSE loop until unmount or SIGINT/SIGTERM/SIGHUP, then tears
// everything down in reverse order through RAII guards.

#include "daemon_config.hpp"

namespace lf::ctxfs {

/// Serves `config.mount_point` until unmounted. Returns the process exit code
/// (0 after a clean unmount, 1 when mounting fails, with "ctxfs: ..." on stderr).
int run_mount(const DaemonConfig& config);

}  // namespace lf::ctxfs
