#pragma once

// Finding assets: the project root, the built-in asset folder, and a catalog
// of every asset under <root>/assets/<kind>s/*.cpp plus the built-ins. A
// catalog never fails as a whole: unreadable or invalid files, assets in the
// wrong folder and duplicate ids become Problems, and the good assets stay.
// A project asset with a built-in's id shadows it (and says so).
// Thread-safety: a built AssetCatalog is immutable and safe to share.

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include <lightflow/assets/asset_record.hpp>
#include <lightflow/assets/parsed_asset.hpp>
#include <lightflow/base/error.hpp>

namespace lf::assets {

/// The project root: `explicit_root` (from --project) when given, else
/// $LIGHTFLOW_PROJECT when set and non-empty, else the working directory.
/// The result is absolute.
std::filesystem::path resolve_project_root(
    const std::optional<std::filesystem::path>& explicit_root);

/// The folder of built-in assets (it holds models/, nodes/, compositions/,
/// workflows/): $LIGHTFLOW_BUILTIN_ASSETS when set; else
/// <dir of the running executable>/../share/lightflow/assets when it exists;
/// else the source tree's libs/assets/builtin (compiled in) when it exists;
/// else <install prefix>/share/lightflow/assets.
std::filesystem::path builtin_assets_dir();

/// One asset the catalog holds.
struct CatalogEntry {
  AssetRecord record;
  ParsedAsset asset;
};

/// Which kinds to scan; a listing of one kind need not read the others.
struct ScanOptions {
  std::filesystem::path project_root;
  std::filesystem::path builtin_dir;  ///< empty = no built-ins
  std::vector<AssetKind> kinds = {
      AssetKind::model, AssetKind::node, AssetKind::composition, AssetKind::workflow};
};

class AssetCatalog {
 public:
  /// Reads every asset file of the requested kinds. Never fails.
  static AssetCatalog scan(const ScanOptions& options);

  /// The assets of `kind` sorted by id, and the problems found in that kind's folders
  /// (plus duplicate-id problems involving that kind).
  AssetListing listing(AssetKind kind) const;

  /// The asset with `id` (a project asset before a shadowed built-in), or nullptr.
  const CatalogEntry* find(std::string_view id) const noexcept;

  /// The same, restricted to one kind.
  const CatalogEntry* find(std::string_view id, AssetKind kind) const noexcept;

  /// Every asset that is not shadowed, in listing order (kind, then id).
  const std::vector<CatalogEntry>& entries() const noexcept { return entries_; }

  /// Every problem, in scan order.
  const std::vector<Problem>& problems() const noexcept { return problems_; }

  /// The same catalog with `entry` in it, as a scan would see it had its file
  /// been written: it replaces the asset with the same id (shadowing a
  /// built-in of that id), and the asset and problems of the file at
  /// `entry.record.source_path`.
  AssetCatalog with_asset(CatalogEntry entry) const;

  /// The problem of a file that declares `id` but could not be admitted (it
  /// does not parse, sits in the wrong folder or repeats an id), or nullptr. A
  /// file rejected before its META is matched by the file name `lf assets new`
  /// gives the id.
  const Problem* problem_for(std::string_view id) const noexcept;

  /// Why `find(id)` (or `find(id, *kind)`) found nothing, as an error whose
  /// message starts with `label` ("asset", "workflow asset"):
  ///  - invalid_argument "<label> <id> does not parse: <path>:<line>:<col>: <message>"
  ///    when problem_for(id) has a position, "<label> <id> cannot be used:
  ///    <path>: <message>" when it has none;
  ///  - not_found "<label> <id>", with " (did you mean <close id>?)" when an
  ///    id of `kind` (any kind without one) is close.
  Error explain_missing(std::string_view id,
                        std::string_view label,
                        std::optional<AssetKind> kind = std::nullopt) const;

  /// Ids of `kind` close to `id` (edit distance <= 2), for "did you mean" hints.
  std::vector<std::string> suggestions(std::string_view id, AssetKind kind) const;

 private:
  std::vector<CatalogEntry> entries_;
  std::vector<Problem> problems_;
  std::vector<AssetKind> problem_kinds_;  ///< parallel to problems_
};

}  // namespace lf::assets
