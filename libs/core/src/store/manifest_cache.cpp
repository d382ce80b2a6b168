#include "store/manifest_cache.hpp"

namespace lf::core {

ManifestCache& ManifestCache::shared() {
  static ManifestCache cache;
  return cache;
}

std::shared_ptr<const CachedManifest> ManifestCache::find(const std::string& path,
                                                          const FileStamp& stamp,
                                                          const FileStamp& journal_stamp) {
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(path);
  if (found == entries_.end()) {
    return nullptr;
  }
  const CachedManifest& cached = *found->second.manifest;
  if (cached.stamp != stamp || cached.journal_stamp != journal_stamp) {
    return nullptr;
  }
  recent_.splice(recent_.begin(), recent_, found->second.age);
  return found->second.manifest;
}

void ManifestCache::remember(const std::string& path,
                             std::shared_ptr<const CachedManifest> manifest) {
  // An unknown stamp ({}: the file changed while it was read) never matches.
  if (manifest->stamp == FileStamp{} || capacity_ == 0) {
    return;
  }
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(path);
  if (found != entries_.end()) {
    found->second.manifest = std::move(manifest);
    recent_.splice(recent_.begin(), recent_, found->second.age);
    return;
  }
  if (entries_.size() >= capacity_) {
    entries_.erase(recent_.back());
    recent_.pop_back();
  }
  recent_.push_front(path);
  entries_.emplace(path, Entry{std::move(manifest), recent_.begin()});
}

void ManifestCache::forget(const std::string& path) {
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(path);
  if (found != entries_.end()) {
    recent_.erase(found->second.age);
    entries_.erase(found);
  }
}

std::size_t ManifestCache::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace lf::core
