// Fan-out and fan-in: two independent takes on a question run side by side,
// then a third step merges them.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "workflow.parallel_angles",
    .version = "0.1.0",
    .title = "Parallel angles",
    .kind = Kind::workflow,
    .description = "Answers a question from an optimistic and a sceptical angle, then merges both.",
    .stability = Stability::experimental,
};

inline auto define() {
  return workflow(META.id)
      .input_schema("schemas/parallel_angles.input.json")
      .output_schema("schemas/parallel_angles.output.json")
      .input(string_field("question").describe("The question to answer.").required())
      .input(number_field("temperature")
                 .describe("Sampling temperature.")
                 .default_value(0.7)
                 .range(0.0, 2.0))
      .required_model("llm.planner")
      .api_step("optimist", "node.llm_prompt", "openai.chat")
      .openai_chat("llm.planner")
      .bind("prompt", "Answer optimistically: {{inputs.question}}")
      .api_step("sceptic", "node.llm_prompt", "openai.chat")
      .openai_chat("llm.planner")
      .bind("prompt", "Answer sceptically: {{inputs.question}}")
      .bind("system", "You doubt every claim and say why.")
      .api_step("merge", "node.llm_prompt", "openai.chat")
      .after("optimist", "sceptic")
      .openai_chat("llm.planner")
      .user(
          "Merge these two answers into one balanced answer.\n\nOptimist:\n"
          "{{steps.optimist.text}}\n\nSceptic:\n{{steps.sceptic.text}}");
}
