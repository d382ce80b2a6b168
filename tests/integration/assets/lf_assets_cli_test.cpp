// lf assets, run as a user runs it.

#include <string>

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <lf_test/files.hpp>
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

lf_test::ProcessResult lf(const std::vector<std::string>& args, const lf_test::TempDir& project) {
  std::vector<std::string> argv{lf_test::binary_from_env("LF_BIN").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  lf_test::ProcessOptions options;
  options.env["LIGHTFLOW_PROJECT"] = project.path().string();
  return lf_test::run_process(argv, options);
}

}  // namespace

TEST_CASE("lf assets lists the good assets and reports a bad file as a problem", "[assets][cli]") {
  lf_test::TempDir project;
  REQUIRE(lf({"assets", "new", "workflow", "workflow.first"}, project).exit_code == 0);
  lf_test::write_file(project / "assets/workflows/broken.cpp", "int main() {}\n");
  const auto r = lf({"assets", "workflows"}, project);
  REQUIRE(r.exit_code == 0);
  const auto listing = boost::json::parse(r.out).as_object();
  REQUIRE(listing.at("assets").as_array().size() == 1);
  CHECK(listing.at("assets").as_array()[0].at("meta").at("id") == "workflow.first");
  REQUIRE(listing.at("problems").as_array().size() == 1);
  CHECK(listing.at("problems").as_array()[0].at("line") == 1);
  const auto nodes = boost::json::parse(lf({"assets", "nodes"}, project).out).as_object();
  CHECK(nodes.at("assets").as_array()[0].at("builtin") == true);  // node.chat
}

TEST_CASE("lf assets show prints the definition and its issues, and suggests close ids",
          "[assets][cli]") {
  lf_test::TempDir project;
  REQUIRE(lf({"assets", "new", "workflow", "workflow.first"}, project).exit_code == 0);
  const auto r = lf({"assets", "show", "workflow.first"}, project);
  REQUIRE(r.exit_code == 0);
  const auto shown = boost::json::parse(r.out).as_object();
  CHECK(shown.at("definition").at("steps").as_array().size() == 2);
  // The skeleton names a model alias the empty project does not have.
  CHECK(shown.at("issues").as_array().size() == 1);
  const auto missing = lf({"assets", "show", "workflow.frist"}, project);
  CHECK(missing.exit_code != 0);
  CHECK_THAT(missing.err, Catch::Contains("did you mean workflow.first?"));
}

TEST_CASE("lf assets new refuses to overwrite, and check compiles what it wrote", "[assets][cli]") {
  lf_test::TempDir project;
  REQUIRE(lf({"assets", "new", "node", "node.mine"}, project).exit_code == 0);
  const auto again = lf({"assets", "new", "node", "node.mine"}, project);
  CHECK(again.exit_code != 0);
  CHECK_THAT(again.err, Catch::Contains("File exists"));
  const auto checked = lf({"assets", "check"}, project);
  INFO(checked.out << checked.err);
  CHECK(checked.exit_code == 0);
  CHECK(boost::json::parse(checked.out).at("ok") == true);
  lf_test::write_file(project / "assets/nodes/mine.cpp",
                      lf_test::read_file(project / "assets/nodes/mine.cpp") + "int stray = 1;\n");
  const auto failed = lf({"assets", "check"}, project);
  CHECK(failed.exit_code != 0);
  CHECK(boost::json::parse(failed.out).at("results").at(0).at("compiles") == true);
  CHECK_THAT(failed.out, Catch::Contains("mine.cpp:"));
}
