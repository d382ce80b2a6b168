// A reusable review: critique a text, then revise it using the critique.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "composition.review_pass",
    .version = "0.1.0",
    .title = "Review pass",
    .kind = Kind::composition,
    .description = "Critiques a text and returns a revised version that addresses the critique.",
    .stability = Stability::experimental,
};

inline auto define() {
  return composition(META.id)
      .parameter(string_field("text").describe("The text to review.").required())
      .parameter(string_field("audience")
                     .describe("Who the text is for.")
                     .default_value("general")
                     .choices({"general", "expert"}))
      .required_model("llm.planner")
      .api_step("critique", "node.llm_prompt", "openai.chat")
      .openai_chat("llm.planner")
      .system("You are a demanding editor writing for a {{inputs.audience}} audience.")
      .user("List the three biggest weaknesses of this text:\n\n{{inputs.text}}")
      .api_step("revise", "node.llm_prompt", "openai.chat")
      .after("critique")
      .openai_chat("llm.planner")
      .user(
          "Revise the text so that it fixes these weaknesses.\n\n"
          "Weaknesses:\n{{steps.critique.text}}\n\nText:\n{{inputs.text}}");
}
