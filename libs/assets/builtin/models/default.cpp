// Built-in: the model alias a new project can use before it declares its own.
// CortexFS routes it like any alias: to the provider of the request's format
// (the offline provider when none is configured). A project asset with the
// same id shadows it.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "llm.default",
    .version = "0.1.0",
    .title = "Default chat model",
    .kind = Kind::model,
    .description = "The chat model CortexFS routes openai.chat requests to by default.",
    .stability = Stability::stable,
};

inline auto define() {
  return model(META.id).capability(Capability::chat).preferred_format("openai.chat");
}
