// One chat request: a prompt in, the assistant's text out.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "node.llm_prompt",
    .version = "0.1.0",
    .title = "LLM prompt",
    .kind = Kind::node,
    .description = "Sends one prompt to a chat model and returns the assistant's text.",
    .stability = Stability::draft,
};

inline auto define() {
  return node(META.id)
      .input(string_field("prompt").describe("The user message to send.").required())
      .input(string_field("system")
                 .describe("Instructions for the model.")
                 .default_value("You are a careful, concise assistant."))
      .output(string_field("text").describe("The assistant's answer."))
      .api_target("openai.chat")
      .system("{{inputs.system}}")
      .user("{{inputs.prompt}}");
}
