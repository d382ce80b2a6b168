#include "fs/fuse_ops.hpp"

#include <poll.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <set>

#include "fs/ctx_fs.hpp"

namespace lf::ctxfs {
namespace {

CtxFs& fs_of(fuse_req_t req) {
  return *static_cast<CtxFs*>(fuse_req_userdata(req));
}

Caller caller_of(fuse_req_t req) {
  const fuse_ctx* ctx = fuse_req_ctx(req);
  return Caller{ctx->uid, ctx->gid, static_cast<std::int64_t>(ctx->pid)};
}

OpenFile* file_of(const fuse_file_info* fi) {
  return reinterpret_cast<OpenFile*>(fi->fh);
}

// Every OpenFile handed to the kernel and not yet released.
std::mutex open_files_mutex;
std::set<OpenFile*> open_files;

// Hands `file` to the kernel as fi->fh through `reply`. Registered before
// the reply: the kernel may release the file on another thread at once.
template <typename Reply>
void reply_open_file(std::unique_ptr<OpenFile>& file, Reply&& reply) {
  {
    const std::lock_guard lock(open_files_mutex);
    open_files.insert(file.get());
  }
  if (reply() == 0) {
    file.release();
    return;
  }
  const std::lock_guard lock(open_files_mutex);
  open_files.erase(file.get());  // never reached the kernel: `file` frees it
}

// Runs `body`, which replies; an exception (allocation failure) becomes EIO.
// Bodies reply last, so a throw always happens before any reply.
template <typename Body>
void guarded(fuse_req_t req, Body&& body) noexcept {
  try {
    body();
  } catch (...) {
    fuse_reply_err(req, EIO);
  }
}

constexpr double kCacheSeconds = 1.0;

// NAME_MAX, as statfs reports it: the kernel passes FUSE names up to 1024 bytes.
constexpr std::size_t kMaxNameBytes = 255;

bool too_long(const char* name) {
  return std::strlen(name) > kMaxNameBytes;
}

fuse_entry_param entry_param(const Entry& entry) {
  fuse_entry_param param{};
  param.ino = entry.ino;
  param.generation = 1;
  param.attr = entry.attr;
  // What may be cached is decided by CtxFs (entry_cacheable/attr_cacheable);
  // everything else is revalidated on every access.
  param.attr_timeout = entry.cache_attr ? kCacheSeconds : 0.0;
  param.entry_timeout = entry.cache_entry ? kCacheSeconds : 0.0;
  return param;
}

void reply_entry(fuse_req_t req, const Entry& entry) {
  const fuse_entry_param param = entry_param(entry);
  fuse_reply_entry(req, &param);
}

void op_lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
  guarded(req, [&] {
    Entry entry;
    const int err =
        too_long(name) ? ENAMETOOLONG : fs_of(req).lookup(parent, name, caller_of(req), entry);
    err != 0 ? static_cast<void>(fuse_reply_err(req, err)) : reply_entry(req, entry);
  });
}

void op_forget(fuse_req_t req, fuse_ino_t ino, std::uint64_t nlookup) {
  fs_of(req).forget(ino, nlookup);
  fuse_reply_none(req);
}

void op_forget_multi(fuse_req_t req, std::size_t count, fuse_forget_data* forgets) {
  for (std::size_t i = 0; i < count; ++i) {
    fs_of(req).forget(forgets[i].ino, forgets[i].nlookup);
  }
  fuse_reply_none(req);
}

void op_getattr(fuse_req_t req, fuse_ino_t ino, fuse_file_info* /*fi*/) {
  guarded(req, [&] {
    struct stat attr {};
    bool cacheable = false;
    const int err = fs_of(req).getattr(ino, attr, cacheable);
    // Static directories keep their attributes, so path walks (and the
    // kernel's default_permissions checks) need not ask again for each one.
    err != 0 ? static_cast<void>(fuse_reply_err(req, err))
             : static_cast<void>(fuse_reply_attr(req, &attr, cacheable ? kCacheSeconds : 0.0));
  });
}

void op_setattr(
    fuse_req_t req, fuse_ino_t ino, struct stat* attr, int to_set, fuse_file_info* /*fi*/) {
  guarded(req, [&] {
    struct stat out {};
    bool cacheable = false;
    // Modes and owners are fixed: a change to another value is EPERM, as
    // chmod on a file one may not change; setting the current value and time
    // changes are accepted as no-ops (spec §8.1). A size change truncates.
    int err = fs_of(req).getattr(ino, out, cacheable);
    const bool mode_change =
        (to_set & FUSE_SET_ATTR_MODE) != 0 && (attr->st_mode & 07777) != (out.st_mode & 07777);
    const bool owner_change = ((to_set & FUSE_SET_ATTR_UID) != 0 && attr->st_uid != out.st_uid)
                              || ((to_set & FUSE_SET_ATTR_GID) != 0 && attr->st_gid != out.st_gid);
    if (err == 0 && (mode_change || owner_change)) {
      err = EPERM;
    }
    if (err == 0 && (to_set & FUSE_SET_ATTR_SIZE) != 0) {
      err = fs_of(req).truncate(ino, static_cast<std::uint64_t>(attr->st_size), out);
    }
    err != 0 ? static_cast<void>(fuse_reply_err(req, err))
             : static_cast<void>(fuse_reply_attr(req, &out, 0.0));
  });
}

void op_readdir(
    fuse_req_t req, fuse_ino_t ino, std::size_t size, off_t off, fuse_file_info* /*fi*/) {
  guarded(req, [&] {
    std::vector<std::pair<std::string, struct stat>> entries;
    const int err = fs_of(req).readdir(ino, entries, caller_of(req));
    if (err != 0) {
      fuse_reply_err(req, err);
      return;
    }
    std::string buffer(size, '\0');
    std::size_t used = 0;
    for (auto i = static_cast<std::size_t>(off); i < entries.size(); ++i) {
      const auto& [name, attr] = entries[i];
      const std::size_t need = fuse_add_direntry(
          req, buffer.data() + used, size - used, name.c_str(), &attr, static_cast<off_t>(i + 1));
      if (need > size - used) {
        break;
      }
      used += need;
    }
    fuse_reply_buf(req, buffer.data(), used);
  });
}

void op_open(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
  guarded(req, [&] {
    auto file = std::make_unique<OpenFile>();
    const int err = fs_of(req).open(ino, fi->flags, *file, caller_of(req));
    if (err != 0) {
      fuse_reply_err(req, err);
      return;
    }
    // Every file is dynamic in some way: never serve page-cached content.
    fi->direct_io = 1;
    fi->fh = reinterpret_cast<std::uint64_t>(file.get());
    reply_open_file(file, [&] { return fuse_reply_open(req, fi); });
  });
}

void on_interrupt(fuse_req_t req, void* data) {
  static_cast<WaitRegistry*>(data)->interrupt(req);
}

void op_read(fuse_req_t req, fuse_ino_t /*ino*/, std::size_t size, off_t off, fuse_file_info* fi) {
  guarded(req, [&] {
    CtxFs& fs = fs_of(req);
    const OpenFile& file = *file_of(fi);
    std::string out;
    if (file.role == Role::wait) {
      if (fs.read_wait(file, req, size, off, out) == WaitRead::parked) {
        fuse_req_interrupt_func(req, on_interrupt, &fs.waits());
        fs.waits().arm(req);
        return;
      }
    } else if (const int err = fs.read(file, size, off, out); err != 0) {
      fuse_reply_err(req, err);
      return;
    }
    fuse_reply_buf(req, out.data(), out.size());
  });
}

void op_write(fuse_req_t req,
              fuse_ino_t ino,
              const char* buf,
              std::size_t size,
              off_t off,
              fuse_file_info* fi) {
  guarded(req, [&] {
    const long written =
        fs_of(req).write(ino, std::string_view(buf, size), off, caller_of(req), file_of(fi));
    written < 0 ? static_cast<void>(fuse_reply_err(req, static_cast<int>(-written)))
                : static_cast<void>(fuse_reply_write(req, static_cast<std::size_t>(written)));
  });
}

void op_release(fuse_req_t req, fuse_ino_t /*ino*/, fuse_file_info* fi) {
  fs_of(req).waits().release(fi->fh);
  {
    const std::lock_guard lock(open_files_mutex);
    open_files.erase(file_of(fi));
  }
  delete file_of(fi);
  fuse_reply_err(req, 0);
}

void op_create(
    fuse_req_t req, fuse_ino_t parent, const char* name, mode_t /*mode*/, fuse_file_info* fi) {
  guarded(req, [&] {
    Entry entry;
    auto file = std::make_unique<OpenFile>();
    const int err =
        too_long(name) ? ENAMETOOLONG : fs_of(req).create(parent, name, caller_of(req), entry);
    if (err != 0) {
      fuse_reply_err(req, err);
      return;
    }
    file->ino = entry.ino;
    file->role = Role::staged;
    fi->direct_io = 1;
    fi->fh = reinterpret_cast<std::uint64_t>(file.get());
    const fuse_entry_param param = entry_param(entry);
    reply_open_file(file, [&] { return fuse_reply_create(req, &param, fi); });
  });
}

void op_rename(fuse_req_t req,
               fuse_ino_t parent,
               const char* name,
               fuse_ino_t new_parent,
               const char* new_name,
               unsigned flags) {
  guarded(req, [&] {
    CtxFs& fs = fs_of(req);
    Ino committed = 0;
    const int err =
        too_long(name) || too_long(new_name)
            ? ENAMETOOLONG
            : fs.rename(parent, name, new_parent, new_name, flags, caller_of(req), &committed);
    // The kernel may hold the staged file's attributes (mode 0644); drop them
    // before the client can act on the commit. With a negative offset this
    // touches no page or inode lock the rename holds, so it is safe here.
    if (err == 0 && committed != 0 && fs.session() != nullptr) {
      fuse_lowlevel_notify_inval_inode(fs.session(), committed, -1, 0);
    }
    fuse_reply_err(req, err);
  });
}

void op_mkdir(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t /*mode*/) {
  guarded(req, [&] {
    Entry entry;
    const int err =
        too_long(name) ? ENAMETOOLONG : fs_of(req).mkdir(parent, name, caller_of(req), entry);
    err != 0 ? static_cast<void>(fuse_reply_err(req, err)) : reply_entry(req, entry);
  });
}

void op_unlink(fuse_req_t req, fuse_ino_t parent, const char* name) {
  guarded(req, [&] {
    fuse_reply_err(req,
                   too_long(name) ? ENAMETOOLONG : fs_of(req).unlink(parent, name, caller_of(req)));
  });
}

void op_rmdir(fuse_req_t req, fuse_ino_t /*parent*/, const char* /*name*/) {
  fuse_reply_err(req, EROFS);
}

void op_statfs(fuse_req_t req, fuse_ino_t /*ino*/) {
  struct statvfs st {};

  st.f_bsize = 512;
  st.f_frsize = 512;
  st.f_blocks = 1024;
  st.f_namemax = 255;
  fuse_reply_statfs(req, &st);
}

void op_poll(fuse_req_t req, fuse_ino_t /*ino*/, fuse_file_info* fi, fuse_pollhandle* ph) {
  guarded(req, [&] {
    const OpenFile& file = *file_of(fi);
    unsigned revents = POLLIN | POLLRDNORM;
    if (file.role == Role::wait) {
      revents = fs_of(req).poll_wait(file, fi->fh, ph);
    } else if (ph != nullptr) {
      fuse_pollhandle_destroy(ph);  // other files are always ready
    }
    fuse_reply_poll(req, revents);
  });
}

constexpr std::string_view kContextXattr = "user.cortex.context";

// Replies with `value` per the xattr size protocol (0: the length; too small: ERANGE).
void reply_xattr_value(fuse_req_t req, std::string_view value, std::size_t size) {
  if (size == 0) {
    fuse_reply_xattr(req, value.size());
  } else if (size < value.size()) {
    fuse_reply_err(req, ERANGE);
  } else {
    fuse_reply_buf(req, value.data(), value.size());
  }
}

void op_getxattr(fuse_req_t req, fuse_ino_t ino, const char* name, std::size_t size) {
  guarded(req, [&] {
    std::string label;
    if (kContextXattr != name) {
      fuse_reply_err(req, ENODATA);
    } else if (const int err = fs_of(req).context_label(ino, label); err != 0) {
      fuse_reply_err(req, err);
    } else {
      reply_xattr_value(req, label, size);
    }
  });
}

void op_listxattr(fuse_req_t req, fuse_ino_t /*ino*/, std::size_t size) {
  static constexpr char kNames[] = "user.cortex.context";  // one name, NUL-terminated
  reply_xattr_value(req, std::string_view(kNames, sizeof(kNames)), size);
}

void op_setxattr(fuse_req_t req,
                 fuse_ino_t /*ino*/,
                 const char* /*name*/,
                 const char* /*value*/,
                 std::size_t /*size*/,
                 int /*flags*/) {
  fuse_reply_err(req, EROFS);
}

void op_removexattr(fuse_req_t req, fuse_ino_t /*ino*/, const char* /*name*/) {
  fuse_reply_err(req, EROFS);
}

fuse_lowlevel_ops make_operations() {
  fuse_lowlevel_ops ops{};
  ops.lookup = op_lookup;
  ops.forget = op_forget;
  ops.forget_multi = op_forget_multi;
  ops.getattr = op_getattr;
  ops.setattr = op_setattr;
  ops.readdir = op_readdir;
  ops.open = op_open;
  ops.read = op_read;
  ops.write = op_write;
  ops.release = op_release;
  // No flush or fsync: libfuse answers ENOSYS, which the kernel takes as
  // success and then stops sending them (one round trip less per close).
  ops.create = op_create;
  ops.rename = op_rename;
  ops.mkdir = op_mkdir;
  ops.unlink = op_unlink;
  ops.rmdir = op_rmdir;
  ops.statfs = op_statfs;
  ops.poll = op_poll;
  ops.getxattr = op_getxattr;
  ops.listxattr = op_listxattr;
  ops.setxattr = op_setxattr;
  ops.removexattr = op_removexattr;
  return ops;
}

}  // namespace

void discard_open_files() {
  const std::lock_guard lock(open_files_mutex);
  for (OpenFile* file : open_files) {
    delete file;
  }
  open_files.clear();
}

const fuse_lowlevel_ops& fuse_operations() {
  static const fuse_lowlevel_ops ops = make_operations();
  return ops;
}

}  // namespace lf::ctxfs
