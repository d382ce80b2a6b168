// expect: parameter
// A composition-only method on a workflow.
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
  return workflow(META.id).parameter(string_field("x"));
}
