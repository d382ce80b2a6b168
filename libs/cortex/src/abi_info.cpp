#include <boost/json.hpp>

#include <lightflow/cortex/abi_info.hpp>
#include <lightflow/ctxabi/abi_policy.hpp>

namespace lf::cortex {

boost::json::object abi_record(const ctxabi::Layout& layout) {
  boost::json::array non_goals;
  for (std::string_view goal : ctxabi::kAbiNonGoals) {
    non_goals.emplace_back(goal);
  }
  return boost::json::object{
      {"mount", layout.mount().string()},
      {"uid", layout.uid()},
      {"home", layout.home().string()},
      {"mode", ctxabi::kAbiMode},
      {"kernel", ctxabi::kAbiKernel},
      {"kernel_tree", ctxabi::kAbiKernelTree},
      {"abi", ctxabi::kAbiName},
      {"upstream", ctxabi::kAbiUpstream},
      {"policy", ctxabi::kAbiPolicy},
      {"non_goals", std::move(non_goals)},
  };
}

}  // namespace lf::cortex
