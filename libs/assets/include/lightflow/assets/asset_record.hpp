#pragma once

// What a listing says about each asset file, and about the files it could
// not read. Thread-safety: plain values.

#include <string>
#include <vector>

#include <lightflow/assets/asset_meta.hpp>

namespace lf::assets {

/// One listed asset.
struct AssetRecord {
  AssetMeta meta;
  std::string source_path;       ///< absolute when the project root is
  bool builtin = false;          ///< shipped with LightFlow rather than in the project
  bool shadows_builtin = false;  ///< a project asset that hides a built-in with the same id
};

/// A file a listing skipped or an id conflict, with a position when there is one.
struct Problem {
  std::string path;
  int line = 0;  ///< 0 = no position (JSON null)
  int col = 0;
  std::string message;
  std::string asset_id{};  ///< the asset the file declares, when known (not in the JSON form)
};

/// A listing: the good assets plus the problems. Never fails as a whole
/// because of one bad file.
struct AssetListing {
  std::vector<AssetRecord> assets;
  std::vector<Problem> problems;
};

}  // namespace lf::assets
