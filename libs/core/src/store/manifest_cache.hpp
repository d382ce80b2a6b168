#pragma once

// The manifests this process read lately, so that reading a run that has not
// changed costs two stat calls instead of reading and parsing manifest.json
// and its journal (GET /runs/{id} in lfd, run lists, status polls). An entry
// is keyed by the manifest's path and used only while both files still have
// the stamps (device, inode, size, mtime) they had when it was read: every
// write replaces manifest.json by a rename (a new inode) or appends to the
// journal (a new size), whichever process makes it. One cache per process,
// shared by every RunStore, bounded (least recently used entries go).
// Thread-safety: every member may be called from any thread.

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "store/run_store.hpp"

namespace lf::core {

class ManifestCache {
 public:
  /// Entries kept at most.
  static constexpr std::size_t kCapacity = 512;

  /// The process's cache.
  static ManifestCache& shared();

  explicit ManifestCache(std::size_t capacity = kCapacity) : capacity_(capacity) {}

  /// The manifest read from `path` when it had `stamp` and its journal
  /// `journal_stamp`, or nullptr.
  std::shared_ptr<const CachedManifest> find(const std::string& path,
                                             const FileStamp& stamp,
                                             const FileStamp& journal_stamp);

  /// Remembers `manifest` (its stamp and journal_stamp say which version of
  /// the files it is) as the one of `path`, replacing an older one.
  void remember(const std::string& path, std::shared_ptr<const CachedManifest> manifest);

  /// The JSON text of `manifest` (serialize(to_json(manifest->manifest))).
  /// While `manifest` is the entry of `path`, the text is made once and kept
  /// beside it, so that every reader of an unchanged run shares one string;
  /// otherwise it is made for this call only.
  std::shared_ptr<const std::string> json_text(
      const std::string& path, const std::shared_ptr<const CachedManifest>& manifest);

  /// Drops the entry of `path` (a run removed).
  void forget(const std::string& path);

  std::size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const CachedManifest> manifest;
    std::shared_ptr<const std::string> json;  // of manifest, once asked for
    std::list<std::string>::iterator age;     // in recent_
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;                        // guards the two below
  std::unordered_map<std::string, Entry> entries_;  // by manifest path
  std::list<std::string> recent_;                   // most recently used first
};

}  // namespace lf::core
