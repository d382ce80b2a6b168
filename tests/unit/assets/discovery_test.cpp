#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

#include <lightflow/assets/discovery.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

using lf::assets::AssetCatalog;
using lf::assets::AssetKind;

std::string asset(const std::string& id, const std::string& kind, const std::string& chain) {
  return "#include <lightflow/asset.hpp>\nusing namespace lightflow::asset;\n"
         "inline constexpr AssetMeta META{.id = \"" + id + "\", .version = \"1\", .title = \"" + id +
         "\", .kind = Kind::" + kind +
         ", .description = \"d\", .stability = Stability::draft};\n"
         "inline auto define() { return " + chain + "; }\n";
}

std::string node_asset(const std::string& id) {
  return asset(id, "node", "node(META.id)");
}

// A project node as the reader would have read it from `path`.
lf::assets::CatalogEntry entry(const std::string& id, const std::string& path) {
  lf::assets::CatalogEntry e;
  e.record.meta.id = id;
  e.record.meta.kind = AssetKind::node;
  e.record.source_path = path;
  e.asset.meta = e.record.meta;
  lf::assets::NodeDef def;
  def.id = id;
  e.asset.definition = def;
  return e;
}

}  // namespace

TEST_CASE("a listing returns the good assets and the problems, never failing as a whole",
          "[assets][discovery]") {
  lf_test::TempDir root;
  lf_test::write_file(root / "assets/nodes/a.cpp", node_asset("node.a"));
  lf_test::write_file(root / "assets/nodes/b.cpp", node_asset("node.b"));
  lf_test::write_file(root / "assets/nodes/broken.cpp", "this is not an asset\n");
  lf_test::write_file(root / "assets/nodes/wrong_kind.cpp",
                      asset("workflow.w", "workflow", "workflow(META.id)"));
  lf_test::write_file(root / "assets/nodes/notes.txt", "ignored");
  const auto catalog = AssetCatalog::scan({root.path(), {}});
  const auto listing = catalog.listing(AssetKind::node);
  REQUIRE(listing.assets.size() == 2);
  CHECK(listing.assets[0].meta.id == "node.a");
  CHECK(listing.assets[1].meta.id == "node.b");
  REQUIRE(listing.problems.size() == 2);
  CHECK_THAT(listing.problems[0].path, Catch::EndsWith("broken.cpp"));
  CHECK(listing.problems[0].line == 1);
  CHECK(listing.problems[0].col == 1);
  CHECK_THAT(listing.problems[1].message,
             Catch::Contains("asset has kind workflows, expected nodes"));
  CHECK(catalog.listing(AssetKind::workflow).assets.empty());
}

TEST_CASE("a project asset shadows a built-in with the same id, and says so",
          "[assets][discovery]") {
  lf_test::TempDir root;
  lf_test::TempDir builtin;
  lf_test::write_file(root / "assets/nodes/chat.cpp", node_asset("node.chat"));
  lf_test::write_file(builtin / "nodes/chat.cpp", node_asset("node.chat"));
  lf_test::write_file(builtin / "nodes/other.cpp", node_asset("node.other"));
  const auto catalog = AssetCatalog::scan({root.path(), builtin.path()});
  const auto listing = catalog.listing(AssetKind::node);
  REQUIRE(listing.assets.size() == 2);
  CHECK(listing.assets[0].meta.id == "node.chat");
  CHECK_FALSE(listing.assets[0].builtin);
  CHECK(listing.assets[0].shadows_builtin);
  CHECK(listing.assets[1].builtin);
  CHECK(listing.problems.empty());
  CHECK_FALSE(catalog.find("node.chat")->record.builtin);
}

TEST_CASE("duplicate ids within the project are problems; the first file wins",
          "[assets][discovery]") {
  lf_test::TempDir root;
  lf_test::write_file(root / "assets/nodes/a.cpp", node_asset("node.same"));
  lf_test::write_file(root / "assets/nodes/b.cpp", node_asset("node.same"));
  const auto listing = AssetCatalog::scan({root.path(), {}}).listing(AssetKind::node);
  REQUIRE(listing.assets.size() == 1);
  CHECK_THAT(listing.assets[0].source_path, Catch::EndsWith("a.cpp"));
  REQUIRE(listing.problems.size() == 1);
  CHECK_THAT(listing.problems[0].message, Catch::Contains("duplicate asset id node.same"));
}

TEST_CASE("the project root comes from --project, then LIGHTFLOW_PROJECT, then the cwd",
          "[assets][discovery]") {
  lf_test::TempDir dir;
  ::setenv("LIGHTFLOW_PROJECT", dir.path().c_str(), 1);
  CHECK(lf::assets::resolve_project_root(std::filesystem::path("/explicit")) == "/explicit");
  CHECK(lf::assets::resolve_project_root(std::nullopt) == dir.path());
  ::unsetenv("LIGHTFLOW_PROJECT");
  CHECK(lf::assets::resolve_project_root(std::nullopt) == std::filesystem::current_path());
}

TEST_CASE("the built-in folder is found without a project, and holds node.chat",
          "[assets][discovery]") {
  const auto dir = lf::assets::builtin_assets_dir();
  CHECK(std::filesystem::exists(dir / "nodes" / "chat.cpp"));
}

TEST_CASE("LIGHTFLOW_BUILTIN_ASSETS moves the built-in folder", "[assets][discovery]") {
  lf_test::TempDir builtin;
  lf_test::write_file(builtin / "nodes/x.cpp", node_asset("node.elsewhere"));
  ::setenv("LIGHTFLOW_BUILTIN_ASSETS", builtin.path().c_str(), 1);
  const auto dir = lf::assets::builtin_assets_dir();
  ::unsetenv("LIGHTFLOW_BUILTIN_ASSETS");
  CHECK(dir == builtin.path());
  lf_test::TempDir root;
  const auto catalog = AssetCatalog::scan({root.path(), dir});
  REQUIRE(catalog.find("node.elsewhere") != nullptr);
  CHECK(catalog.find("node.elsewhere")->record.builtin);
}

TEST_CASE("a missing asset says whether it is absent or does not parse, and where",
          "[assets][discovery]") {
  lf_test::TempDir root;
  lf_test::write_file(root / "assets/nodes/good.cpp", node_asset("node.good"));
  // META reads, define() does not: the id is known from META.
  lf_test::write_file(root / "assets/nodes/half.cpp",
                      asset("node.half", "node", "node(META.id).nosuch()"));
  // Nothing reads: the id is known from the file name `lf assets new` gives it.
  lf_test::write_file(root / "assets/nodes/junk.cpp", "int main() {}\n");
  const auto catalog = AssetCatalog::scan({root.path(), {}});

  const auto half = catalog.explain_missing("node.half", "asset");
  CHECK(half.code == lf::Code::invalid_argument);
  CHECK_THAT(half.message, Catch::StartsWith("asset node.half does not parse: "));
  CHECK_THAT(half.message, Catch::Contains("half.cpp:4:"));
  CHECK_THAT(half.message, Catch::Contains("unknown method .nosuch()"));

  const auto junk = catalog.explain_missing("node.junk", "asset");
  CHECK(junk.code == lf::Code::invalid_argument);
  CHECK_THAT(junk.message, Catch::Contains("junk.cpp:1:1: "));

  const auto close = catalog.explain_missing("node.goud", "asset");
  CHECK(close.code == lf::Code::not_found);
  CHECK(close.message == "asset node.goud (did you mean node.good?)");
  CHECK(catalog.explain_missing("node.none", "workflow asset", AssetKind::workflow).message
        == "workflow asset node.none");
}

TEST_CASE("with_asset sees a proposed asset as a scan would after the write",
          "[assets][discovery]") {
  lf_test::TempDir root;
  lf_test::write_file(root / "assets/nodes/a.cpp", node_asset("node.a"));
  lf_test::write_file(root / "assets/nodes/broken.cpp", "not C++ at all\n");
  lf_test::write_file(root / "builtin/nodes/chat.cpp", node_asset("node.chat"));
  const auto catalog = AssetCatalog::scan({root.path(), root / "builtin"});
  REQUIRE(catalog.problems().size() == 1);

  // Replacing the broken file drops its problem.
  const auto fixed_path = (root / "assets/nodes/broken.cpp").string();
  const auto fixed = entry("node.b", fixed_path);
  const auto with_b = catalog.with_asset(fixed);
  CHECK(with_b.problems().empty());
  REQUIRE(with_b.find("node.b") != nullptr);
  CHECK(with_b.find("node.b")->record.source_path == fixed_path);
  CHECK(with_b.find("node.a") != nullptr);

  // A project asset with a built-in's id shadows it.
  const auto mine = entry("node.chat", (root / "assets/nodes/chat.cpp").string());
  const auto shadowed = catalog.with_asset(mine);
  REQUIRE(shadowed.find("node.chat") != nullptr);
  CHECK_FALSE(shadowed.find("node.chat")->record.builtin);
  CHECK(shadowed.find("node.chat")->record.shadows_builtin);
  CHECK(shadowed.entries().size() == catalog.entries().size());
  // The catalog itself is unchanged.
  CHECK(catalog.find("node.chat")->record.builtin);
}
