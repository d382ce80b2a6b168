#pragma once

// Everything a ctxfs instance is configured with: where it mounts, where it
// keeps state and configuration, whom it serves, how many workers it runs and
// the provider timeouts. Thread-safety: plain value.

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "persistence/durability.hpp"
#include "providers/provider.hpp"

namespace lf::ctxfs {

struct DaemonConfig {
  std::filesystem::path mount_point;
  std::filesystem::path state_dir;   ///< requests/ and outcomes/
  std::filesystem::path config_dir;  ///< chan.d/
  bool daemonize = false;
  bool multi_user = false;
  unsigned workers = 4;
  uid_t uid = 0;  ///< the mounting user: owner of the tree, home/<uid>
  gid_t gid = 0;
  Timeouts timeouts;
  /// fsync (default: fdatasync the journal) or page_cache (--no-fsync:
  /// survives daemon crashes only).
  Durability durability = Durability::fsync;
};

}  // namespace lf::ctxfs
