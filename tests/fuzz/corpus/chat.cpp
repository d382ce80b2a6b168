// Built-in: a plain chat request whose system and user messages are bound by
// the step. Ships with LightFlow; a project asset with the same id shadows it.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "node.chat",
    .version = "0.1.0",
    .title = "Chat",
    .kind = Kind::node,
    .description = "Sends a system and a user message to an openai.chat model; returns the text.",
    .stability = Stability::stable,
};

inline auto define() {
  return node(META.id)
      .input(string_field("user").describe("The user message.").required())
      .input(string_field("system").describe("The system prompt.").default_value(""))
      .output(string_field("text").describe("The assistant's answer."))
      .api_target("openai.chat")
      .system("{{inputs.system}}")
      .user("{{inputs.user}}");
}
