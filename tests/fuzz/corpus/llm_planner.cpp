// The planning model alias used by the example workflows. CortexFS routes the
// alias to a real model (see `lf ctx`); this file only says what it can do.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "llm.planner",
    .version = "0.1.0",
    .title = "Planner LLM",
    .kind = Kind::model,
    .description = "General-purpose chat model alias for planning and drafting text.",
    .stability = Stability::draft,
};

inline auto define() {
  return model(META.id)
      .capability(Capability::chat)
      .capability(Capability::json_output)
      .preferred_format("openai.chat")
      .param("temperature", 0.2)
      .param("max_tokens", 1024);
}
