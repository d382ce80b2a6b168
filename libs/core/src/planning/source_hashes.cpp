#include "planning/source_hashes.hpp"

#include <lightflow/assets/discovery.hpp>
#include <lightflow/base/text_file.hpp>

#include "execution/step_cache.hpp"

namespace lf::core {

SourcePaths source_paths(const assets::AssetCatalog& catalog) {
  SourcePaths paths;
  for (const auto& entry : catalog.entries()) {
    if (entry.record.meta.kind != assets::AssetKind::model) {
      paths.emplace(entry.record.meta.id, entry.record.source_path);
    }
  }
  return paths;
}

std::map<std::string, std::string> hash_sources(const SourcePaths& paths,
                                                const std::string& workflow_id,
                                                const std::vector<RunStepRecord>& steps) {
  std::map<std::string, std::string> hashes;
  const auto add = [&](const std::string& id) {
    if (hashes.count(id) != 0) {
      return;
    }
    if (const auto path = paths.find(id); path != paths.end()) {
      if (auto text = base::read_text_file(path->second)) {
        hashes.emplace(id, source_hash(*text));
      }
    }
  };
  add(workflow_id);
  for (const RunStepRecord& step : steps) {
    add(step.node_or_composition_id);
  }
  return hashes;
}

}  // namespace lf::core
