// The static reader and the compiler (through lightflow/asset.hpp) must see
// the same definition in every shipped asset and in every skeleton
// `lf assets new` writes.

#include <filesystem>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <lightflow/assets/asset_json.hpp>
#include <lightflow/assets/skeleton.hpp>
#include <lightflow/assets/static_reader.hpp>

#include <lf_test/files.hpp>
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

// Every document the compiled program printed must equal the static reader's.
void check_agreement(const std::string& printed) {
  const boost::json::value compiled = boost::json::parse(printed);
  REQUIRE(compiled.is_object());
  for (const auto& [path, document] : compiled.get_object()) {
    INFO(std::string(path));
    auto parsed = lf::assets::read_asset(std::filesystem::path(std::string(path)));
    REQUIRE(parsed.has_value());
    const boost::json::value from_reader = lf::assets::to_json(*parsed);
    INFO("compiler: " << boost::json::serialize(document));
    INFO("reader:   " << boost::json::serialize(from_reader));
    CHECK(from_reader == document);
  }
}

}  // namespace

TEST_CASE("every shipped asset reads the same through the static reader and the compiler",
          "[assets][readers]") {
  const auto dump = lf_test::binary_from_env("LF_ASSETS_DUMP");
  const auto result = lf_test::run_process({dump.string()});
  REQUIRE(result.exit_code == 0);
  CHECK(boost::json::parse(result.out).as_object().size() >= 7);
  check_agreement(result.out);
}

TEST_CASE("every skeleton lf assets new writes reads the same through both readers",
          "[assets][readers]") {
  const auto cxx = lf_test::env_value("LF_CXX");
  const auto source_dir = lf_test::env_value("LF_SOURCE_DIR");
  REQUIRE(cxx);
  REQUIRE(source_dir);
  lf_test::TempDir root;
  std::string program = "#include <cstdio>\n#include <lightflow/asset.hpp>\n";
  std::string prints;
  int index = 0;
  for (auto kind : {lf::assets::AssetKind::model,
                    lf::assets::AssetKind::node,
                    lf::assets::AssetKind::composition,
                    lf::assets::AssetKind::workflow}) {
    auto path = lf::assets::write_skeleton(
        root.path(), kind, std::string(lf::assets::to_string(kind)) + ".sample");
    REQUIRE(path);
    const std::string ns = "a" + std::to_string(index++);
    program += "namespace " + ns + " {\n#include \"" + path->string() + "\"\n}\n";
    prints += std::string(prints.empty() ? "" : "  std::printf(\",\");\n")
              + "  std::printf(\"\\\"%s\\\":%s\", \"" + path->string()
              + "\", lightflow::asset::to_json(" + ns + "::META, " + ns + "::define()).c_str());\n";
  }
  program += "int main() {\n  std::printf(\"{\");\n" + prints + "  std::printf(\"}\");\n}\n";
  lf_test::write_file(root / "dump.cpp", program);
  const auto built = lf_test::run_process({*cxx,
                                           "-std=c++20",
                                           "-I" + *source_dir + "/libs/assets/include",
                                           (root / "dump.cpp").string(),
                                           "-o",
                                           (root / "dump").string()});
  INFO(built.err);
  REQUIRE(built.exit_code == 0);
  const auto result = lf_test::run_process({(root / "dump").string()});
  REQUIRE(result.exit_code == 0);
  CHECK(boost::json::parse(result.out).as_object().size() == 4);
  check_agreement(result.out);
}
