#include <catch2/catch.hpp>

#include <lightflow/assets/discovery.hpp>
#include <lightflow/assets/skeleton.hpp>
#include <lightflow/assets/static_reader.hpp>
#include <lightflow/assets/validation.hpp>

#include <lf_test/temp_dir.hpp>

using lf::assets::AssetKind;

TEST_CASE("lf assets new writes a skeleton the reader accepts, and never overwrites",
          "[assets][skeleton]") {
  lf_test::TempDir root;
  for (AssetKind kind :
       {AssetKind::model, AssetKind::node, AssetKind::composition, AssetKind::workflow}) {
    const std::string id = std::string(lf::assets::to_string(kind)) + ".my_first";
    INFO(id);
    auto path = lf::assets::write_skeleton(root.path(), kind, id);
    REQUIRE(path);
    CHECK(path->filename() == "my_first.cpp");
    CHECK(path->parent_path().filename() == lf::assets::folder_name(kind));
    auto parsed = lf::assets::read_asset(*path);
    INFO((parsed ? "" : parsed.error().message));
    REQUIRE(parsed);
    CHECK(parsed->meta.id == id);
    CHECK(parsed->meta.kind == kind);
    auto again = lf::assets::write_skeleton(root.path(), kind, id);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == lf::Code::already_exists);
  }
  CHECK(lf::assets::write_skeleton(root.path(), AssetKind::node, "bad/id").error().code
        == lf::Code::invalid_argument);
}

TEST_CASE("issue 10: every skeleton validates in a fresh project with only the built-ins",
          "[assets][skeleton]") {
  lf_test::TempDir root;
  for (AssetKind kind : {AssetKind::node, AssetKind::composition, AssetKind::workflow}) {
    REQUIRE(lf::assets::write_skeleton(
        root.path(), kind, std::string(lf::assets::to_string(kind)) + ".fresh"));
  }
  const auto catalog = lf::assets::AssetCatalog::scan(
      {root.path(), std::filesystem::path(LF_SOURCE_DIR) / "libs/assets/builtin"});
  CHECK(catalog.problems().empty());
  for (const char* id : {"node.fresh", "composition.fresh", "workflow.fresh"}) {
    INFO(id);
    const auto* entry = catalog.find(id);
    REQUIRE(entry != nullptr);
    CHECK(lf::assets::asset_issues(entry->asset, catalog).empty());
  }
}
