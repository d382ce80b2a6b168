#include "store/manifest_cache.hpp"

#include <boost/json/serialize.hpp>

#include <lightflow/core/run_json.hpp>

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
    found->second.json = nullptr;
    recent_.splice(recent_.begin(), recent_, found->second.age);
    return;
  }
  if (entries_.size() >= capacity_) {
    entries_.erase(recent_.back());
    recent_.pop_back();
  }
  recent_.push_front(path);
  entries_.emplace(path, Entry{std::move(manifest), nullptr, recent_.begin()});
}

std::shared_ptr<const std::string> ManifestCache::json_text(
    const std::string& path, const std::shared_ptr<const CachedManifest>& manifest) {
  {
    const std::lock_guard lock(mutex_);
    const auto found = entries_.find(path);
    if (found != entries_.end() && found->second.manifest == manifest && found->second.json) {
      return found->second.json;
    }
  }
  // Serialized outside the lock: other runs' readers need not wait. Two
  // readers of a new version may both serialize; the text is the same.
  auto text =
      std::make_shared<const std::string>(boost::json::serialize(to_json(manifest->manifest)));
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(path);
  if (found != entries_.end() && found->second.manifest == manifest) {
    found->second.json = text;
  }
  return text;
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
