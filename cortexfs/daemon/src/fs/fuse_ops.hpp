#pragma once

// The libfuse low-level operation table of ctxfs. Each callback finds the
// CtxFs through the session userdata, decodes its arguments, calls one CtxFs
// member and sends exactly one fuse_reply_* (a parked .wait read is replied
// later, by the worker or the interrupt). No exception leaves a callback.

#define FUSE_USE_VERSION FUSE_MAKE_VERSION(3, 14)
#include <fuse_lowlevel.h>

namespace lf::ctxfs {

/// The operation table; the session's userdata must be a CtxFs*.
const fuse_lowlevel_ops& fuse_operations();

/// Frees the files clients still held open when the session ended (after a
/// lazy unmount the kernel never sends their release). Call after the loop.
void discard_open_files();

}  // namespace lf::ctxfs
