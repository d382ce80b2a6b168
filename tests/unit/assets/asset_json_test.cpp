#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <lightflow/assets/asset_json.hpp>

TEST_CASE("records and listings use the reference field order and are objects", "[assets][json]") {
  lf::assets::AssetListing listing;
  lf::assets::AssetRecord r;
  r.meta = {"workflow.x",
            "0.1.0",
            "X",
            lf::assets::AssetKind::workflow,
            "d",
            lf::assets::Stability::stable};
  r.source_path = "/p/assets/workflows/x.cpp";
  listing.assets.push_back(r);
  listing.problems.push_back({"/p/assets/workflows/bad.cpp", 3, 7, "oops"});
  listing.problems.push_back({"/p/assets/workflows/gone.cpp", 0, 0, "unreadable"});
  CHECK(
      boost::json::serialize(lf::assets::to_json(listing))
      == R"({"assets":[{"meta":{"id":"workflow.x","title":"X","kind":"workflow","description":"d",)"
         R"("stability":"stable","version":"0.1.0"},"source_path":"/p/assets/workflows/x.cpp",)"
         R"("builtin":false,"shadows_builtin":false}],"problems":[{"path":"/p/assets/workflows/bad.cpp",)"
         R"("line":3,"col":7,"message":"oops"},{"path":"/p/assets/workflows/gone.cpp","line":null,)"
         R"("col":null,"message":"unreadable"}]})");
}

TEST_CASE("a workflow definition keeps the reference shape and adds the new fields",
          "[assets][json]") {
  lf::assets::WorkflowDef def;
  def.id = "workflow.text_plan";
  lf::assets::StepDef step;
  step.step_id = "draft";
  step.node_or_composition_id = "node.llm_prompt";
  step.target = {lf::assets::TargetKind::api, "openai.chat"};
  lf::assets::RequestTemplate request;
  request.kind = "openai_chat_prompt";
  request.model_alias = "llm.planner";
  request.input_field = "prompt";
  step.request = request;
  def.steps.push_back(step);
  CHECK(
      boost::json::serialize(lf::assets::to_json(def))
      == R"({"id":"workflow.text_plan","input_schema":null,"output_schema":null,"required_models":[],)"
         R"("steps":[{"step_id":"draft","node_or_composition_id":"node.llm_prompt","target":{"kind":"api",)"
         R"("format":"openai.chat"},"request":{"kind":"openai_chat_prompt","model_alias":"llm.planner",)"
         R"("input_field":"prompt"},"depends_on":[],"bindings":{}}],"inputs":[]})");
}
