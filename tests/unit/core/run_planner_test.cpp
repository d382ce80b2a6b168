#include "planning/run_planner.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

namespace assets = lf::assets;
using lf::core::PlanCatalog;

namespace {

const lf::ctxabi::Layout kLayout{"/ctx", 1000};

assets::FieldDef field(std::string name, bool required, std::optional<std::string> fallback = {}) {
  assets::FieldDef f;
  f.name = std::move(name);
  f.required = required;
  if (fallback) {
    f.default_value = boost::json::value(*fallback);
  }
  return f;
}

PlanCatalog catalog() {
  PlanCatalog out;
  assets::NodeDef node;
  node.id = "node.llm_prompt";
  node.inputs = {field("prompt", true), field("system", false, "Be brief.")};
  node.target = assets::StepTarget{assets::TargetKind::api, "openai.chat"};
  node.request = assets::RequestTemplate{
      "openai_chat", std::nullopt, "", "{{inputs.system}}", "{{inputs.prompt}}", {}};
  out.nodes.emplace(node.id, node);
  assets::CompositionDef review;
  review.id = "composition.review";
  review.parameters = {field("text", true)};
  review.required_models = {"llm.planner"};
  assets::StepDef critique{
      "critique",
      "node.llm_prompt",
      {assets::TargetKind::api, "openai.chat"},
      assets::RequestTemplate{
          "openai_chat", "llm.planner", "", std::nullopt, "Critique: {{inputs.text}}", {}},
      {},
      {},
      {},
      {}};
  assets::StepDef revise = critique;
  revise.step_id = "revise";
  revise.request->user = "Fix {{steps.critique.text}} in {{inputs.text}}";
  revise.depends_on = {"critique"};
  review.steps = {critique, revise};
  out.compositions.emplace(review.id, review);
  assets::ModelDef model;
  model.id = "llm.planner";
  model.params = boost::json::object{{"max_tokens", 100}};
  out.models.emplace(model.id, model);
  return out;
}

assets::StepDef chat_step(std::string id, std::string user, std::vector<std::string> after = {}) {
  return assets::StepDef{
      std::move(id),
      "node.llm_prompt",
      {assets::TargetKind::api, "openai.chat"},
      assets::RequestTemplate{"openai_chat", "llm.planner", "", std::nullopt, std::move(user), {}},
      std::move(after),
      {},
      {},
      {}};
}

assets::WorkflowDef workflow() {
  assets::WorkflowDef def;
  def.id = "workflow.chain";
  def.required_models = {"llm.planner"};
  def.inputs = {field("topic", true), field("tone", false)};
  def.steps = {chat_step("outline", "Outline {{inputs.topic}}"),
               chat_step("draft", "Draft from {{steps.outline.text}}", {"outline"})};
  assets::StepDef review{"review",
                         "composition.review",
                         {assets::TargetKind::composition, ""},
                         std::nullopt,
                         {"draft"},
                         {},
                         {},
                         {}};
  review.bindings["text"] = "{{steps.draft.text}}";
  def.steps.push_back(review);
  return def;
}

}  // namespace

TEST_CASE("issue 4: two runs of one workflow do not share a request id", "[core][planner]") {
  const boost::json::object inputs{{"topic", "owls"}};
  const auto a = lf::core::plan_run(workflow(), catalog(), inputs, "run-a", "K1", kLayout);
  const auto b = lf::core::plan_run(workflow(), catalog(), inputs, "run-b", "K1", kLayout);
  REQUIRE(a.issues.empty());
  REQUIRE(a.steps.size() == b.steps.size());
  for (std::size_t i = 0; i < a.steps.size(); ++i) {
    CHECK(a.steps[i].current.cortex.request_id == "run-a.K1." + a.steps[i].step_id);
    CHECK(a.steps[i].current.cortex.commit_request != b.steps[i].current.cortex.commit_request);
  }
  CHECK(a.steps[0].current.cortex.commit_request
        == "/ctx/home/1000/api/openai.chat/inbox/run-a.K1.outline.req.json");
}

TEST_CASE("issue 14: a run id deleted and created again does not reuse a request id",
          "[core][planner]") {
  const boost::json::object inputs{{"topic", "owls"}};
  const auto old_run = lf::core::plan_run(workflow(), catalog(), inputs, "x", "OLD1", kLayout);
  const auto new_run = lf::core::plan_run(workflow(), catalog(), inputs, "x", "NEW2", kLayout);
  REQUIRE(old_run.issues.empty());
  for (std::size_t i = 0; i < old_run.steps.size(); ++i) {
    CHECK(old_run.steps[i].current.cortex.request_id != new_run.steps[i].current.cortex.request_id);
  }
  CHECK(new_run.steps[0].current.cortex.request_id == "x.NEW2.outline");
}

TEST_CASE("a composition step becomes its inner steps wired to the workflow", "[core][planner]") {
  const auto plan =
      lf::core::plan_run(workflow(), catalog(), {{"topic", "owls"}}, "r", "K1", kLayout);
  REQUIRE(plan.issues.empty());
  REQUIRE(plan.steps.size() == 4);
  CHECK(plan.steps[2].step_id == "review-critique");
  CHECK(plan.steps[2].depends_on == std::vector<std::string>{"draft"});
  CHECK(plan.steps[3].step_id == "review-revise");
  CHECK(plan.steps[3].depends_on == std::vector<std::string>{"review-critique"});
  const auto user = plan.steps[3].request_template.at("messages").as_array().back().at("content");
  CHECK(user == "Fix {{steps.review-critique.text}} in {{steps.draft.text}}");
  CHECK(plan.steps[3].request_template.at("max_tokens") == 100);
}

TEST_CASE("a node's template is filled from the step's bindings and the node's defaults",
          "[core][planner]") {
  auto def = workflow();
  def.steps.resize(1);
  def.steps[0].request.reset();
  def.steps[0].bindings["prompt"] = "Tell me about {{inputs.topic}}";
  const auto plan = lf::core::plan_run(def, catalog(), {{"topic", "owls"}}, "r", "K1", kLayout);
  REQUIRE(plan.issues.empty());
  CHECK(boost::json::serialize(plan.steps[0].request_template)
        == R"({"messages":[{"role":"system","content":"Be brief."},)"
           R"({"role":"user","content":"Tell me about {{inputs.topic}}"}]})");
}

TEST_CASE("planning reports every input and template problem as an issue", "[core][planner]") {
  auto def = workflow();
  def.steps[0].request->user = "Outline {{inputs.topic}} in a {{inputs.tone}} tone";
  def.steps.resize(1);
  def.steps.push_back(chat_step("outline", "again"));
  assets::StepDef unbound{"solo",
                          "node.llm_prompt",
                          {assets::TargetKind::api, "openai.chat"},
                          std::nullopt,
                          {},
                          {},
                          {},
                          {}};
  def.steps.push_back(unbound);
  def.steps.push_back(chat_step("tooly", "x"));
  def.steps.back().target = {assets::TargetKind::api, "openai.nope"};
  const auto plan = lf::core::plan_run(def, catalog(), {{"topic", "owls"}}, "r", "K1", kLayout);
  const std::vector<std::string> expected = {
      "step solo: {{inputs.prompt}} of node node.llm_prompt is neither bound nor defaulted",
      "step tooly: a chat request template needs an openai.chat API target",
      "run input field tone is required for step outline",
      "duplicate step id outline",
  };
  for (const auto& issue : expected) {
    INFO(issue);
    CHECK(std::find(plan.issues.begin(), plan.issues.end(), issue) != plan.issues.end());
  }
}

TEST_CASE("a retried step gets a numbered request id that is still one segment",
          "[core][planner]") {
  CHECK(*lf::core::attempt_request_id("r", "K1", "draft", 1) == "r.K1.draft");
  CHECK(*lf::core::attempt_request_id("r", "K1", "draft", 2) == "r.K1.draft.2");
  // 240 bytes fit; the attempt number would make 242.
  CHECK(lf::core::attempt_request_id(std::string(117, 'r'), "K1", std::string(119, 's'), 1));
  CHECK_FALSE(lf::core::attempt_request_id(std::string(117, 'r'), "K1", std::string(119, 's'), 2));
  // Runs recorded before incarnations keep their ids on retry.
  CHECK(*lf::core::attempt_request_id("r", "", "draft", 2) == "r.draft.2");
}
