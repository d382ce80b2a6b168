#include <lightflow/assets/asset_meta.hpp>

namespace lf::assets {

std::string_view to_string(AssetKind kind) noexcept {
  switch (kind) {
    case AssetKind::model:
      return "model";
    case AssetKind::node:
      return "node";
    case AssetKind::composition:
      return "composition";
    case AssetKind::workflow:
      return "workflow";
  }
  return "workflow";
}

std::string_view to_string(Stability stability) noexcept {
  switch (stability) {
    case Stability::draft:
      return "draft";
    case Stability::experimental:
      return "experimental";
    case Stability::stable:
      return "stable";
  }
  return "draft";
}

std::string_view folder_name(AssetKind kind) noexcept {
  switch (kind) {
    case AssetKind::model:
      return "models";
    case AssetKind::node:
      return "nodes";
    case AssetKind::composition:
      return "compositions";
    case AssetKind::workflow:
      return "workflows";
  }
  return "workflows";
}

std::optional<AssetKind> parse_asset_kind(std::string_view text) noexcept {
  for (AssetKind kind :
       {AssetKind::model, AssetKind::node, AssetKind::composition, AssetKind::workflow}) {
    if (text == to_string(kind) || text == folder_name(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

}  // namespace lf::assets
