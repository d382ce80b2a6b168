#pragma once

// The source hashes a run's step cache keys use: of the workflow asset and of
// every node or composition its steps call. They are taken when the run is
// planned and kept in its manifest, so a run resumed after an asset was
// edited still matches the cache by the sources it was planned from.
// Thread-safety: reads asset files only.

#include <map>
#include <string>
#include <vector>

#include <lightflow/core/run_types.hpp>

namespace lf::assets {
class AssetCatalog;
}

namespace lf::core {

/// Asset id -> source file, for the workflows, nodes and compositions of `catalog`.
using SourcePaths = std::map<std::string, std::string>;

SourcePaths source_paths(const assets::AssetCatalog& catalog);

/// Asset id -> source_hash() of its file, for `workflow_id` and the nodes and
/// compositions `steps` call. An asset whose file cannot be read is left out.
std::map<std::string, std::string> hash_sources(const SourcePaths& paths,
                                                const std::string& workflow_id,
                                                const std::vector<RunStepRecord>& steps);

}  // namespace lf::core
