#include "dead_mount.hpp"

#include <sys/vfs.h>

#include <cerrno>

namespace lf::cortex::detail {

Error dead_mount_error(const std::filesystem::path& path) {
  // The mount point itself answers ENOTCONN; its parent, outside the mount,
  // does not. statfs always asks the daemon, where stat may be answered from
  // the kernel's attribute cache.
  std::filesystem::path mount = path.lexically_normal();
  for (;;) {
    const std::filesystem::path parent = mount.parent_path();
    if (parent.empty() || parent == mount) {
      break;
    }

    struct statfs info {};

    if (::statfs(parent.c_str(), &info) == 0 || errno != ENOTCONN) {
      break;
    }
    mount = parent;
  }
  const std::string where = mount.string();
  return Error{Code::unavailable,
               "CortexFS at " + where
                   + " is not connected (its ctxfs daemon has stopped); recover it with: "
                     "ctxfs mount "
                   + where + " (or: fusermount3 -u -z " + where + ")"};
}

Error access_error(int errnum, const std::filesystem::path& path) {
  return errnum == ENOTCONN ? dead_mount_error(path) : errno_error(errnum, path.string());
}

}  // namespace lf::cortex::detail
