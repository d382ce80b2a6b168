// The reference workflow: one chat step that drafts a plan from a prompt.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "workflow.text_plan",
    .version = "0.1.0",
    .title = "Text plan",
    .kind = Kind::workflow,
    .description = "Drafts a plan from one prompt with the planner model.",
    .stability = Stability::draft,
};

inline auto define() {
  return workflow(META.id)
      .input_schema("schemas/text_plan.input.json")
      .output_schema("schemas/text_plan.output.json")
      .input(string_field("prompt").describe("What to plan.").required())
      .required_model("llm.planner")
      .api_step("draft", "node.llm_prompt", "openai.chat")
      .openai_chat_input("llm.planner", "prompt");
}
