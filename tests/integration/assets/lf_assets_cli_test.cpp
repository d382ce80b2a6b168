// lf assets, run as a user runs it.

#include <filesystem>
#include <string>
#include <vector>

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
  options.env["XDG_STATE_HOME"] = (project / "state").string();
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
  // The skeleton uses the built-in model and node: nothing is missing.
  CHECK(shown.at("issues").as_array().empty());
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

namespace {

// The file `lf assets new workflow workflow.first` writes.
std::filesystem::path first_file(const lf_test::TempDir& project) {
  return project / "assets/workflows/first.cpp";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

lf_test::ProcessResult lf_with_stdin(const std::vector<std::string>& args,
                                     const lf_test::TempDir& project,
                                     std::string input) {
  std::vector<std::string> argv{lf_test::binary_from_env("LF_BIN").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  lf_test::ProcessOptions options;
  options.env["LIGHTFLOW_PROJECT"] = project.path().string();
  options.stdin_data = std::move(input);
  return lf_test::run_process(argv, options);
}

}  // namespace

TEST_CASE("issue 10: lf assets check, show and run preview agree on what cannot run",
          "[assets][cli]") {
  lf_test::TempDir project;
  REQUIRE(lf({"assets", "new", "workflow", "workflow.first"}, project).exit_code == 0);
  const std::string original = lf_test::read_file(first_file(project));
  const std::string inputs = R"({"prompt":"hello"})";
  CHECK(lf({"assets", "check", "workflow.first"}, project).exit_code == 0);
  CHECK(lf({"run", "preview", "workflow.first", "--inputs", inputs}, project).exit_code == 0);

  struct Case {
    std::string from;
    std::string to;
    std::string issue;
  };

  const Case cases[] = {
      {"{{steps.draft.text}}", "{{steps.drafts.text}}", "names unknown step drafts"},
      {".after(\"draft\")", ".after(\"draft\", \"gone\")", "depends on unknown step gone"},
      {".required_model(\"llm.default\")",
       ".required_model(\"llm.default\").required_model(\"llm.planner\")",
       "requires missing model asset llm.planner"},
  };
  for (const Case& c : cases) {
    INFO(c.issue);
    lf_test::write_file(first_file(project), replaced(original, c.from, c.to));
    const auto check = lf({"assets", "check", "workflow.first"}, project);
    CHECK(check.exit_code == 3);
    const auto report = boost::json::parse(check.out).as_object();
    CHECK(report.at("ok") == false);
    CHECK_THAT(std::string(report.at("results").at(0).at("issues").at(0).as_string()),
               Catch::Contains(c.issue));
    const auto show = lf({"assets", "show", "workflow.first"}, project);
    CHECK(show.exit_code == 3);
    CHECK_THAT(show.out, Catch::Contains(c.issue));
    const auto preview = lf({"run", "preview", "workflow.first", "--inputs", inputs}, project);
    CHECK(preview.exit_code == 3);
    CHECK_THAT(preview.out, Catch::Contains(c.issue));
  }
}

TEST_CASE("issue 10: a string default outside its choices is refused before any run",
          "[assets][cli]") {
  lf_test::TempDir project;
  REQUIRE(lf({"assets", "new", "workflow", "workflow.first"}, project).exit_code == 0);
  lf_test::write_file(
      first_file(project),
      replaced(lf_test::read_file(first_file(project)),
               "describe(\"What to do.\").required()",
               "describe(\"What to do.\").default_value(\"loud\").choices({\"calm\", \"brisk\"})"));
  const auto check = lf({"assets", "check", "workflow.first"}, project);
  CHECK(check.exit_code == 3);
  CHECK_THAT(check.out, Catch::Contains("is not one of its choices"));
  const auto create = lf({"run", "create", "workflow.first"}, project);
  CHECK(create.exit_code == 3);
  CHECK_THAT(create.err, Catch::Contains("is not one of its choices"));
}

TEST_CASE("issue 10: lf says why an asset cannot be found", "[assets][cli]") {
  lf_test::TempDir project;
  lf_test::write_file(project / "assets/workflows/broken.cpp", "garbage(\n");
  const auto shown = lf({"assets", "show", "workflow.broken"}, project);
  CHECK(shown.exit_code == 3);
  CHECK_THAT(shown.err, Catch::StartsWith("lf: asset workflow.broken does not parse: "));
  CHECK_THAT(shown.err, Catch::Contains("broken.cpp:1:1: "));
  const auto absent = lf({"assets", "show", "workflow.none"}, project);
  CHECK(absent.exit_code == 4);
  CHECK(absent.err == "lf: not found: asset workflow.none\n");
}

TEST_CASE("issue 10: lf assets validate reads --source and touches nothing", "[assets][cli]") {
  lf_test::TempDir project;
  REQUIRE(lf({"assets", "new", "workflow", "workflow.first"}, project).exit_code == 0);
  const std::string original = lf_test::read_file(first_file(project));
  const std::string bad = replaced(original, "{{steps.draft.text}}", "{{steps.nope.text}}");
  lf_test::write_file(project / "proposal.cpp", bad);
  const auto from_file = lf({"assets",
                             "validate",
                             "workflow",
                             "workflow.first",
                             "--source",
                             "@" + (project / "proposal.cpp").string()},
                            project);
  CHECK(from_file.exit_code == 3);
  CHECK_THAT(from_file.out, Catch::Contains("names unknown step nope"));
  const auto from_stdin = lf_with_stdin(
      {"assets", "validate", "workflow", "workflow.first", "--source", "-"}, project, original);
  CHECK(from_stdin.exit_code == 0);
  CHECK(boost::json::parse(from_stdin.out).at("ok") == true);
  CHECK(lf_test::read_file(first_file(project)) == original);
  const auto missing = lf({"assets", "validate", "workflow", "workflow.first"}, project);
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("missing --source"));
}

TEST_CASE("issue 10: lf assets write refuses a stale hash and an invalid source", "[assets][cli]") {
  lf_test::TempDir project;
  REQUIRE(lf({"assets", "new", "workflow", "workflow.first"}, project).exit_code == 0);
  const std::string original = lf_test::read_file(first_file(project));
  const auto source = lf({"assets", "source", "workflow.first", "--json"}, project);
  REQUIRE(source.exit_code == 0);
  const std::string hash(boost::json::parse(source.out).at("source_hash").as_string());

  const std::string mine = replaced(original, "What to do.", "What to plan.");
  const auto written = lf_with_stdin(
      {"assets", "write", "workflow", "workflow.first", "--source", "-", "--expect-hash", hash},
      project,
      mine);
  INFO(written.err);
  REQUIRE(written.exit_code == 0);
  CHECK(boost::json::parse(written.out).at("written") == true);
  CHECK(lf_test::read_file(first_file(project)) == mine);

  const auto stale = lf_with_stdin(
      {"assets", "write", "workflow", "workflow.first", "--source", "-", "--expect-hash", hash},
      project,
      replaced(original, "What to do.", "What to write."));
  CHECK(stale.exit_code == 7);
  CHECK_THAT(stale.err, Catch::Contains("has changed"));
  CHECK(lf_test::read_file(first_file(project)) == mine);

  const std::string now(
      boost::json::parse(lf({"assets", "source", "workflow.first", "--json"}, project).out)
          .at("source_hash")
          .as_string());
  const auto invalid = lf_with_stdin(
      {"assets", "write", "workflow", "workflow.first", "--source", "-", "--expect-hash", now},
      project,
      replaced(mine, "{{steps.draft.text}}", "{{steps.nope.text}}"));
  CHECK(invalid.exit_code == 3);
  const auto result = boost::json::parse(invalid.out).as_object();
  CHECK(result.at("written") == false);
  CHECK_THAT(std::string(result.at("check").at("issues").at(0).as_string()),
             Catch::Contains("names unknown step nope"));
  CHECK(lf_test::read_file(first_file(project)) == mine);
}

TEST_CASE("issue 10: lf assets guide prints the authoring guide", "[assets][cli]") {
  lf_test::TempDir project;
  const auto guide = lf({"assets", "guide"}, project);
  CHECK(guide.exit_code == 0);
  CHECK_THAT(guide.out, Catch::StartsWith("# Authoring LightFlow assets"));
  CHECK_THAT(guide.out, Catch::Contains("lf assets write"));
}
