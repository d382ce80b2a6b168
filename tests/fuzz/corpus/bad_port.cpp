// expect: placeholder_must_be_inputs_name_or_steps_id_text_or_steps_id_json_field
// A step output port that does not exist: steps.<id>.txt instead of .text.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "workflow.bad",
    .version = "0.1.0",
    .title = "Bad",
    .kind = Kind::workflow,
    .description = "Misuses the header on purpose.",
    .stability = Stability::draft,
};

inline auto define() {
  return workflow(META.id)
      .input(string_field("prompt").required())
      .api_step("a", "node.chat", "openai.chat")
      .user("{{inputs.prompt}}")
      .api_step("b", "node.chat", "openai.chat")
      .after("a")
      .user("{{steps.a.txt}}");
}
