#include <string>

#include <catch2/catch.hpp>

#include <lightflow/assets/discovery.hpp>
#include <lightflow/assets/static_reader.hpp>
#include <lightflow/assets/validation.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

using lf::assets::AssetCatalog;
using lf::assets::AssetKind;

const AssetCatalog& shipped() {
  static const AssetCatalog catalog = AssetCatalog::scan(
      {LF_SOURCE_DIR, std::filesystem::path(LF_SOURCE_DIR) / "libs/assets/builtin"});
  return catalog;
}

lf::assets::WorkflowDef parse(const std::string& chain) {
  const std::string source =
      "inline constexpr AssetMeta META{.id = \"workflow.t\", .version = \"1\", .title = \"t\", "
      ".kind = Kind::workflow, .description = \"d\", .stability = Stability::draft};\n"
      "inline auto define() { return workflow(META.id)"
      + chain + "; }\n";
  lf::assets::Diagnostic d;
  auto a = lf::assets::read_asset_source(source, "t.cpp", &d);
  INFO(d.format());
  REQUIRE(a);
  return std::get<lf::assets::WorkflowDef>(a->definition);
}

}  // namespace

TEST_CASE("every shipped asset is listed without problems and every workflow validates",
          "[assets][validation]") {
  CHECK(shipped().problems().empty());
  for (const auto& e : shipped().entries()) {
    INFO(e.record.meta.id);
    if (const auto* w = std::get_if<lf::assets::WorkflowDef>(&e.asset.definition)) {
      CHECK(lf::assets::workflow_issues(*w, shipped()).empty());
    } else if (const auto* c = std::get_if<lf::assets::CompositionDef>(&e.asset.definition)) {
      CHECK(lf::assets::composition_issues(*c, shipped()).empty());
    } else if (const auto* n = std::get_if<lf::assets::NodeDef>(&e.asset.definition)) {
      CHECK(lf::assets::node_issues(*n).empty());
    }
  }
  CHECK(shipped().find("workflow.outline_draft_review", AssetKind::workflow) != nullptr);
}

TEST_CASE("validation names each broken reference, one message per problem",
          "[assets][validation]") {
  struct Case {
    std::string chain;
    std::string message;
  };

  const std::string ok_step =
      ".input(string_field(\"p\").required()).required_model(\"llm.planner\")"
      ".api_step(\"a\", \"node.llm_prompt\", \"openai.chat\").openai_chat(\"llm.planner\")"
      ".user(\"{{inputs.p}}\")";
  const Case cases[] = {
      {".required_model(\"llm.missing\")",
       "workflow workflow.t requires missing model asset llm.missing"},
      {".api_step(\"a\", \"node.nope\", \"openai.chat\").bind(\"prompt\", \"x\")",
       "workflow workflow.t step a references missing node or composition asset node.nope"},
      {ok_step + ".api_step(\"a\", \"node.llm_prompt\", \"openai.chat\").bind(\"prompt\", \"x\")",
       "workflow workflow.t has duplicate step id a"},
      {ok_step
           + ".api_step(\"b\", \"node.llm_prompt\", \"openai.chat\").after(\"c\").bind(\"prompt\", "
             "\"x\")",
       "workflow workflow.t step b: depends on unknown step c"},
      {ok_step
           + ".api_step(\"b\", \"node.llm_prompt\", \"openai.chat\").after(\"b\").bind(\"prompt\", "
             "\"x\")",
       "step b: depends on b, which does not come before it"},
      {ok_step
           + ".api_step(\"b\", \"node.llm_prompt\", \"openai.chat\").bind(\"prompt\", "
             "\"{{steps.a.text}}\")",
       "reads step a, which this step does not depend on (add .after(\"a\"))"},
      {ok_step
           + ".api_step(\"b\", \"node.llm_prompt\", \"openai.chat\").bind(\"prompt\", "
             "\"{{inputs.q}}\")",
       "{{inputs.q}} names input q, which is not declared"},
      {ok_step
           + ".api_step(\"b\", \"node.llm_prompt\", \"openai.responses\").bind(\"prompt\", \"x\")",
       "targets api openai.responses but node node.llm_prompt runs as api openai.chat"},
      {ok_step + ".api_step(\"b\", \"node.llm_prompt\", \"openai.chat\")",
       "leaves required port prompt of node.llm_prompt unbound"},
      {ok_step + ".api_step(\"b\", \"node.llm_prompt\", \"openai.chat\").bind(\"promt\", \"x\")",
       "binds unknown port promt of node.llm_prompt"},
      {ok_step + ".api_step(\"b\", \"composition.review_pass\", \"openai.chat\")",
       "composition.review_pass is a composition: use composition_step"},
      {ok_step
           + ".api_step(\"b\", \"node.llm_prompt\", "
             "\"openai.chat\").openai_chat(\"llm.other\").user(\"x\")",
       "request template model alias llm.other is not listed in required_models"},
      {ok_step
           + ".composition_step(\"r\", \"composition.review_pass\").openai_chat(\"llm.planner\")"
             ".bind(\"text\", \"x\")",
       "a composition step takes no request template"},
      {ok_step + ".composition_step(\"r\", \"composition.review_pass\").bind(\"txt\", \"x\")",
       "binds unknown port txt of composition.review_pass"},
      {ok_step + ".composition_step(\"r\", \"composition.review_pass\")",
       "leaves required port text of composition.review_pass unbound"},
      {ok_step + ".composition_step(\"r\", \"composition.nope\")",
       "step r references missing composition asset composition.nope"},
      {".input(string_field(\"p\").required().default_value(\"x\"))",
       "input p is required and has a default; choose one"},
  };
  for (const Case& c : cases) {
    INFO(c.chain);
    const auto issues = lf::assets::workflow_issues(parse(c.chain), shipped());
    INFO(issues.size());
    bool found = false;
    for (const auto& issue : issues) {
      UNSCOPED_INFO(issue);
      found = found || issue.find(c.message) != std::string::npos;
    }
    CHECK(found);
  }
}

TEST_CASE("a node template may only read the node's own input ports", "[assets][validation]") {
  lf::assets::NodeDef node;
  node.id = "node.t";
  lf::assets::FieldDef prompt;
  prompt.name = "prompt";
  node.inputs.push_back(prompt);
  node.request = lf::assets::RequestTemplate{};
  node.request->kind = "openai_chat";
  node.request->user = "{{inputs.prompt}} {{inputs.other}} {{steps.a.text}}";
  const auto issues = lf::assets::node_issues(node);
  REQUIRE(issues.size() == 2);
  CHECK(issues[0] == "node node.t: {{inputs.other}} names no input port");
  CHECK_THAT(issues[1], Catch::Contains("can only read its own ports"));
}

TEST_CASE("a broken composition makes every workflow that uses it report the problem",
          "[assets][validation]") {
  lf_test::TempDir root;
  lf_test::write_file(
      root / "assets/compositions/c.cpp",
      "inline constexpr AssetMeta META{.id = \"composition.c\", .version = \"1\", .title = \"c\", "
      ".kind = Kind::composition, .description = \"d\", .stability = Stability::draft};\n"
      "inline auto define() { return composition(META.id).required_model(\"llm.gone\"); }\n");
  const auto catalog = AssetCatalog::scan({root.path(), {}});
  const auto issues =
      lf::assets::workflow_issues(parse(".composition_step(\"r\", \"composition.c\")"), catalog);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0] ==
        "workflow workflow.t step r: composition composition.c requires missing model asset "
        "llm.gone");
}

TEST_CASE("a field's default outside its choices or range is refused", "[assets][validation]") {
  struct Case {
    std::string field;
    std::string message;  ///< empty: no issue
  };

  const Case cases[] = {
      {R"(string_field("tone").default_value("loud").choices({"calm", "brisk"}))",
       R"(workflow workflow.t input tone: default "loud" is not one of its choices "calm", "brisk")"},
      {R"(string_field("tone").choices({"calm", "brisk"}).default_value("loud"))",
       R"(default "loud" is not one of its choices)"},
      {R"(string_field("tone").default_value("calm").choices({"calm", "brisk"}))", ""},
      {R"(integer_field("words").default_value(50).range(100, 3000))",
       "workflow workflow.t input words: default 50 is below its minimum 100"},
      {R"(number_field("t").default_value(2.5).range(0, 2))", "default 2.5 is above its maximum 2"},
      {R"(integer_field("words").default_value(400).range(100, 3000))", ""},
  };
  for (const Case& c : cases) {
    INFO(c.field);
    const auto def = parse(".input(" + c.field + ")");
    const auto issues = lf::assets::workflow_issues(def, shipped());
    if (c.message.empty()) {
      CHECK(issues.empty());
    } else {
      REQUIRE(issues.size() == 1);
      CHECK_THAT(issues[0], Catch::Contains(c.message));
    }
  }
}

TEST_CASE("a node port's default outside its choices is an issue of the node",
          "[assets][validation]") {
  lf::assets::NodeDef node;
  node.id = "node.n";
  lf::assets::FieldDef port;
  port.name = "mode";
  port.default_value = boost::json::value("x");
  port.choices = {boost::json::value("a"), boost::json::value("b")};
  node.inputs.push_back(port);
  const auto issues = lf::assets::node_issues(node);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0] == R"(node node.n port mode: default "x" is not one of its choices "a", "b")");
}
