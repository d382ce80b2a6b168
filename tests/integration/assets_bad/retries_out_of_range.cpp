// expect: step_policy_number_out_of_range
// A retry count outside 0..10.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "workflow.bad_retries",
    .version = "0.1.0",
    .title = "Bad retries",
    .kind = Kind::workflow,
    .description = "Asks for more retries than a step may have.",
    .stability = Stability::draft,
};

inline auto define() {
  return workflow(META.id)
      .api_step("draft", "node.llm_prompt", "openai.chat")
      .openai_chat("llm.planner")
      .user("hello")
      .retries(11);
}
