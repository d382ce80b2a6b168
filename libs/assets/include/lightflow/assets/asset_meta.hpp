#pragma once

// The metadata every asset declares in its META, as LightFlow reads it.
// Thread-safety: plain values.

#include <optional>
#include <string>
#include <string_view>

namespace lf::assets {

/// What an asset is. Persisted by name ("workflow"): never rename a value.
enum class AssetKind { model, node, composition, workflow };

/// How far an asset can be relied upon. Persisted by name ("draft").
enum class Stability { draft, experimental, stable };

/// The lowercase JSON name ("composition").
std::string_view to_string(AssetKind kind) noexcept;

/// The lowercase JSON name ("experimental").
std::string_view to_string(Stability stability) noexcept;

/// The folder of a kind under assets/ ("compositions").
std::string_view folder_name(AssetKind kind) noexcept;

/// Parses a JSON name or a folder name ("workflow" or "workflows").
std::optional<AssetKind> parse_asset_kind(std::string_view text) noexcept;

/// META, with owned strings.
struct AssetMeta {
  std::string id;
  std::string version;
  std::string title;
  AssetKind kind = AssetKind::workflow;
  std::string description;
  Stability stability = Stability::draft;
};

}  // namespace lf::assets
