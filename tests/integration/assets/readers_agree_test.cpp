// The static reader and the compiler (through lightflow/asset.hpp) must see
// the same definition in every shipped asset.

#include <filesystem>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <lightflow/assets/asset_json.hpp>
#include <lightflow/assets/static_reader.hpp>

#include <lf_test/process.hpp>

TEST_CASE("every shipped asset reads the same through the static reader and the compiler",
          "[assets][readers]") {
  const auto dump = lf_test::binary_from_env("LF_ASSETS_DUMP");
  const auto result = lf_test::run_process({dump.string()});
  REQUIRE(result.exit_code == 0);
  const boost::json::value compiled = boost::json::parse(result.out);
  REQUIRE(compiled.is_object());
  CHECK(compiled.get_object().size() >= 7);
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
