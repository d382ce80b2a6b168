// expect: range
// A range on a text field.
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
  return workflow(META.id).input(string_field("tone").range(1, 2));
}
