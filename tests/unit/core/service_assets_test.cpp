// The Service's asset and authoring operations on a temporary project: what
// an agent that reads, validates and writes assets relies on.

#include <filesystem>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include <lightflow/core/service.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace fs = std::filesystem;
using lf::Code;
using lf::core::AssetProposal;
using lf::core::AssetWriteRequest;

namespace {

struct Project {
  lf_test::TempDir root{"lf-authoring"};
  lf::core::Service service{config()};

  lf::core::ServiceConfig config() const {
    lf::core::ServiceConfig config;
    config.project_root = root.path();
    config.dirs.state = root.path() / "state";
    config.docs_dir = fs::path(LF_SOURCE_DIR) / "docs";
    return config;
  }

  fs::path workflow_file() const { return root / "assets/workflows/first.cpp"; }

  // A fresh workflow.first skeleton; returns its source.
  std::string new_workflow() {
    auto created = service.assets_new("workflow", "workflow.first");
    REQUIRE(created);
    return lf_test::read_file(created->path);
  }
};

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The files of a folder, hidden ones included.
std::size_t entries_in(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("issue 10: validate checks a proposed source without touching the file",
          "[core][assets][authoring]") {
  Project p;
  const std::string original = p.new_workflow();
  const std::string bad = replaced(original, "{{steps.draft.text}}", "{{steps.nosuch.text}}");
  auto check = p.service.assets_validate(AssetProposal{"workflow", "workflow.first", bad});
  REQUIRE(check);
  CHECK_FALSE(check->ok());
  CHECK(check->compiles);  // the compiler cannot see it; the catalog can
  REQUIRE(check->issues.size() == 1);
  CHECK_THAT(check->issues[0], Catch::Contains("names unknown step nosuch"));
  CHECK(check->path == p.workflow_file().string());
  CHECK(lf_test::read_file(p.workflow_file()) == original);
  CHECK(entries_in(p.workflow_file().parent_path()) == 1);

  // A compile error names the project file, not the temporary copy.
  auto broken = p.service.assets_validate(AssetProposal{
      "workflows", "workflow.first", replaced(original, ".after(\"draft\")", ".aftre(\"draft\")")});
  REQUIRE(broken);
  CHECK_FALSE(broken->compiles);
  CHECK_THAT(broken->compiler_output, Catch::Contains(p.workflow_file().string() + ":"));
  REQUIRE(broken->reader_error);
  CHECK_THAT(*broken->reader_error, Catch::Contains("did you mean .after()?"));
  CHECK(lf_test::read_file(p.workflow_file()) == original);

  // META must say what the request says.
  auto other = p.service.assets_validate(AssetProposal{"workflow", "workflow.second", original});
  REQUIRE(other);
  CHECK_FALSE(other->ok());
  CHECK(other->issues.at(0) == "META declares id workflow.first, not workflow.second");
  CHECK(other->path == (p.root / "assets/workflows/second.cpp").string());
  CHECK_FALSE(fs::exists(p.root / "assets/workflows/second.cpp"));
}

TEST_CASE("issue 10: a write needs the hash of the file it replaces, and keeps it otherwise",
          "[core][assets][authoring]") {
  Project p;
  const std::string original = p.new_workflow();
  auto source = p.service.assets_source("workflow.first");
  REQUIRE(source);
  CHECK(source->source == original);
  const std::string first_hash = source->source_hash;

  const std::string mine = replaced(original, "What to do.", "What to plan.");
  auto written =
      p.service.assets_write(AssetWriteRequest{"workflow", "workflow.first", mine, first_hash});
  REQUIRE(written);
  CHECK(written->written);
  CHECK_FALSE(written->created);
  CHECK(written->previous_hash == first_hash);
  CHECK(written->source_hash != first_hash);
  CHECK(lf_test::read_file(p.workflow_file()) == mine);
  CHECK(p.service.assets_source("workflow.first")->source_hash == *written->source_hash);

  // A second writer who read the first version loses nothing of mine.
  const std::string theirs = replaced(original, "What to do.", "What to write.");
  auto stale =
      p.service.assets_write(AssetWriteRequest{"workflow", "workflow.first", theirs, first_hash});
  REQUIRE_FALSE(stale);
  CHECK(stale.error().code == Code::failed_precondition);
  CHECK_THAT(stale.error().message, Catch::Contains("has changed"));
  auto blind =
      p.service.assets_write(AssetWriteRequest{"workflow", "workflow.first", theirs, std::nullopt});
  REQUIRE_FALSE(blind);
  CHECK(blind.error().code == Code::failed_precondition);
  CHECK(lf_test::read_file(p.workflow_file()) == mine);
  CHECK(entries_in(p.workflow_file().parent_path()) == 1);  // no temp file left
}

TEST_CASE("issue 10: an invalid source is not written, and the report says why",
          "[core][assets][authoring]") {
  Project p;
  const std::string original = p.new_workflow();
  const std::string hash = p.service.assets_source("workflow.first")->source_hash;
  const std::string bad =
      replaced(original, ".required_model(\"llm.default\")", ".required_model(\"llm.nowhere\")");
  auto refused = p.service.assets_write(AssetWriteRequest{"workflow", "workflow.first", bad, hash});
  REQUIRE(refused);
  CHECK_FALSE(refused->written);
  CHECK(refused->source_hash == hash);
  CHECK_THAT(refused->check.issues.at(0),
             Catch::Contains("requires missing model asset llm.nowhere"));
  CHECK(lf_test::read_file(p.workflow_file()) == original);

  // A new asset is created without a hash; a hash for a file that is not there is refused.
  auto node = p.service.assets_source("node.chat");  // a built-in, to copy
  REQUIRE(node);
  CHECK(node->builtin);
  const std::string copy = replaced(node->source, "\"node.chat\"", "\"node.mine\"");
  auto ghost = p.service.assets_write(AssetWriteRequest{"node", "node.mine", copy, "h64:0"});
  REQUIRE_FALSE(ghost);
  CHECK(ghost.error().code == Code::failed_precondition);
  auto created = p.service.assets_write(AssetWriteRequest{"node", "node.mine", copy, std::nullopt});
  REQUIRE(created);
  CHECK(created->written);
  CHECK(created->created);
  CHECK(created->path == (p.root / "assets/nodes/mine.cpp").string());
  CHECK(p.service.assets_show("node.mine"));
}

TEST_CASE("issue 10: a change that would break a workflow using the asset is refused",
          "[core][assets][authoring]") {
  Project p;
  auto node = p.service.assets_source("node.chat");
  REQUIRE(node);
  // The skeleton binds no port of node.chat but reads its own user message;
  // a workflow that binds `user` breaks when the port is renamed.
  lf_test::write_file(
      p.root / "assets/workflows/uses.cpp",
      "#include <lightflow/asset.hpp>\nusing namespace lightflow::asset;\n"
      "inline constexpr AssetMeta META{.id = \"workflow.uses\", .version = \"1\", .title = \"u\", "
      ".kind = Kind::workflow, .description = \"d\", .stability = Stability::draft};\n"
      "inline auto define() { return workflow(META.id).required_model(\"llm.default\")"
      ".api_step(\"a\", \"node.chat\", \"openai.chat\").openai_chat(\"llm.default\")"
      ".bind(\"user\", \"hi\"); }\n");
  std::string renamed = node->source;
  for (const auto* from : {"string_field(\"user\")", "{{inputs.user}}"}) {
    const std::string to =
        std::string(from) == "{{inputs.user}}" ? "{{inputs.message}}" : "string_field(\"message\")";
    renamed = replaced(renamed, from, to);
  }
  auto check = p.service.assets_validate(AssetProposal{"node", "node.chat", renamed});
  REQUIRE(check);
  CHECK(check->issues.empty());
  REQUIRE_FALSE(check->dependent_issues.empty());
  CHECK_THAT(check->dependent_issues[0], Catch::Contains("binds unknown port user of node.chat"));
  CHECK_FALSE(check->ok());
}

TEST_CASE("issue 10: check is ok only when the asset can run", "[core][assets][check]") {
  Project p;
  const std::string original = p.new_workflow();

  struct Case {
    std::string from;
    std::string to;
    std::string issue;
  };

  const Case cases[] = {
      {"{{steps.draft.text}}", "{{steps.drafts.text}}", "names unknown step drafts"},
      {".after(\"draft\")", ".after(\"draft\").after(\"gone\")", "depends on unknown step gone"},
      {".required_model(\"llm.default\")",
       ".required_model(\"llm.default\").required_model(\"llm.planner\")",
       "requires missing model asset llm.planner"},
      {"describe(\"What to do.\").required()",
       "describe(\"What to do.\").default_value(\"x\").choices({\"a\", \"b\"})",
       "is not one of its choices"},
  };
  for (const Case& c : cases) {
    INFO(c.issue);
    lf_test::write_file(p.workflow_file(), replaced(original, c.from, c.to));
    lf::core::AssetCheckRequest request;
    request.ids = {"workflow.first"};
    auto report = p.service.assets_check(request);
    REQUIRE(report);
    CHECK_FALSE(report->ok());
    REQUIRE(report->results.size() == 1);
    CHECK(report->results[0].id == "workflow.first");
    CHECK_THAT(report->results[0].issues.at(0), Catch::Contains(c.issue));
    auto shown = p.service.assets_show("workflow.first");
    REQUIRE(shown);
    CHECK_FALSE(shown->issues.empty());
  }
}

TEST_CASE("issue 10: check refuses paths outside the project", "[core][assets][check]") {
  Project p;
  lf_test::TempDir elsewhere;
  lf_test::write_file(elsewhere / "x.cpp", "int x;\n");
  for (const std::string& path :
       {(elsewhere / "x.cpp").string(), std::string("../x.cpp"), std::string("/etc/passwd")}) {
    INFO(path);
    lf::core::AssetCheckRequest request;
    request.paths = {path};
    auto report = p.service.assets_check(request);
    REQUIRE_FALSE(report);
    CHECK(report.error().code == Code::invalid_argument);
    CHECK_THAT(report.error().message, Catch::Contains("is outside the project"));
  }
  lf::core::AssetCheckRequest none;
  none.paths = {"assets/nodes/none.cpp"};
  auto missing = p.service.assets_check(none);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == Code::not_found);
}

TEST_CASE("issue 10: a missing asset says whether it is absent or does not parse",
          "[core][assets]") {
  Project p;
  p.new_workflow();
  lf_test::write_file(p.root / "assets/workflows/broken.cpp", "garbage(\n");
  auto shown = p.service.assets_show("workflow.broken");
  REQUIRE_FALSE(shown);
  CHECK(shown.error().code == Code::invalid_argument);
  CHECK_THAT(shown.error().message,
             Catch::StartsWith("asset workflow.broken does not parse: ")
                 && Catch::Contains("broken.cpp:1:1: "));
  // Its source can still be read, to be fixed.
  auto source = p.service.assets_source("workflow.broken");
  REQUIRE(source);
  CHECK(source->source == "garbage(\n");
  REQUIRE(source->problem);
  CHECK(source->kind == "workflow");
  auto absent = p.service.assets_show("workflow.frist");
  REQUIRE_FALSE(absent);
  CHECK(absent.error().code == Code::not_found);
  CHECK(absent.error().message == "asset workflow.frist (did you mean workflow.first?)");
  auto preview = p.service.run_preview({std::nullopt, "workflow.broken", {}});
  REQUIRE_FALSE(preview);
  CHECK_THAT(preview.error().message,
             Catch::StartsWith("workflow asset workflow.broken does not parse: "));
}

TEST_CASE("issue 10: listings and details are typed results with the documented JSON",
          "[core][assets]") {
  Project p;
  p.new_workflow();
  auto listing = p.service.assets_list("models");
  REQUIRE(listing);
  REQUIRE(listing->assets.size() == 1);
  CHECK(listing->assets[0].meta.id == "llm.default");
  CHECK(listing->assets[0].builtin);
  const auto json = lf::core::to_json(*listing);
  CHECK(json.at("assets").at(0).at("meta").at("kind") == "model");
  CHECK(json.at("problems").as_array().empty());
  auto shown = p.service.assets_show("workflow.first");
  REQUIRE(shown);
  CHECK(shown->issues.empty());
  CHECK(shown->record.meta.kind == "workflow");
  const auto details = lf::core::to_json(*shown);
  CHECK(details.at("definition").at("steps").as_array().size() == 2);
  CHECK(details.at("source_hash").as_string()
        == p.service.assets_source("workflow.first")->source_hash);

  auto guide = p.service.assets_guide();
  REQUIRE(guide);
  CHECK_THAT(guide->text, Catch::StartsWith("# Authoring LightFlow assets"));
  CHECK(p.service.assets_list("gadgets").error().code == Code::invalid_argument);
}

TEST_CASE("issue 10: of two writers racing from the same hash, exactly one wins",
          "[core][assets][authoring]") {
  Project p;
  const std::string original = p.new_workflow();
  const std::string hash = p.service.assets_source("workflow.first")->source_hash;
  const std::string texts[2] = {replaced(original, "What to do.", "What to plan."),
                                replaced(original, "What to do.", "What to write.")};
  lf::Result<lf::core::AssetWriteResult> results[2] = {lf::fail(Code::internal, "not run"),
                                                       lf::fail(Code::internal, "not run")};
  {
    std::thread other([&] {
      results[1] = p.service.assets_write({"workflow", "workflow.first", texts[1], hash});
    });
    results[0] = p.service.assets_write({"workflow", "workflow.first", texts[0], hash});
    other.join();
  }
  const int wins = (results[0] ? 1 : 0) + (results[1] ? 1 : 0);
  REQUIRE(wins == 1);
  const int winner = results[0] ? 0 : 1;
  CHECK(results[winner]->written);
  CHECK(results[1 - winner].error().code == Code::failed_precondition);
  CHECK(lf_test::read_file(p.workflow_file()) == texts[winner]);
}

TEST_CASE("issue 10: checks run the compiler the configuration names, read once",
          "[core][assets][check][config]") {
  lf_test::TempDir root("lf-compiler-config");
  lf::core::ServiceConfig config;
  config.project_root = root.path();
  config.dirs.state = root.path() / "state";
  config.asset_compiler = (root.path() / "no-such-compiler").string();
  lf::core::Service service(config);
  REQUIRE(service.assets_new("workflow", "workflow.first"));

  // Not the compiler of the environment: the configured one, which is missing.
  auto report = service.assets_check({});
  REQUIRE_FALSE(report);
  CHECK(report.error().code == Code::unavailable);

  auto source = service.assets_source("workflow.first");
  REQUIRE(source);
  auto validated =
      service.assets_validate(AssetProposal{"workflow", "workflow.first", source->source});
  REQUIRE_FALSE(validated);
  CHECK(validated.error().code == Code::unavailable);
}
