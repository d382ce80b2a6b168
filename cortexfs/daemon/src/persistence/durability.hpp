#pragma once

// How hard the daemon's state journal insists on reaching the disk.
// Thread-safety: plain value.

namespace lf::ctxfs {

enum class Durability {
  fsync,       ///< fdatasync before acknowledging: survives a power loss
  page_cache,  ///< written, not flushed: survives a daemon crash, not a power loss
};

}  // namespace lf::ctxfs
