// Three steps in a line: outline -> draft (reads the outline) -> review (the
// review_pass composition, fed with the draft).
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "workflow.outline_draft_review",
    .version = "0.1.0",
    .title = "Outline, draft, review",
    .kind = Kind::workflow,
    .description = "Outlines an article, drafts it from the outline, then reviews the draft.",
    .stability = Stability::experimental,
};

inline auto define() {
  return workflow(META.id)
      .input_schema("schemas/outline_draft_review.input.json")
      .output_schema("schemas/outline_draft_review.output.json")
      .input(string_field("topic").describe("What the article is about.").required())
      .input(integer_field("words")
                 .describe("Target length in words.")
                 .default_value(400)
                 .range(100, 3000))
      .input(string_field("tone")
                 .describe("Writing tone.")
                 .default_value("plain")
                 .choices({"plain", "formal", "playful"}))
      .required_model("llm.planner")
      .api_step("outline", "node.llm_prompt", "openai.chat")
      .timeout_seconds(120)
      .retries(2)
      .openai_chat("llm.planner")
      .user("Write a five-point outline for a {{inputs.tone}} article about {{inputs.topic}}.")
      .api_step("draft", "node.llm_prompt", "openai.chat")
      .after("outline")
      .openai_chat("llm.planner")
      .param("max_tokens", 2048)
      .user(
          "Write the article in about {{inputs.words}} words, in a {{inputs.tone}} tone, "
          "following this outline:\n\n{{steps.outline.text}}")
      .composition_step("review", "composition.review_pass")
      .after("draft")
      .bind("text", "{{steps.draft.text}}");
}
