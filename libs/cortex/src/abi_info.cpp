#include <boost/json.hpp>

#include <lightflow/cortex/abi_info.hpp>
#include <lightflow/ctxabi/abi_policy.hpp>

namespace lf::cortex {

AbiRecord abi_record(const ctxabi::Layout& layout) {
  AbiRecord record;
  record.mount = layout.mount().string();
  record.uid = layout.uid();
  record.home = layout.home().string();
  record.mode = std::string(ctxabi::kAbiMode);
  record.kernel = std::string(ctxabi::kAbiKernel);
  record.kernel_tree = ctxabi::kAbiKernelTree;
  record.abi = std::string(ctxabi::kAbiName);
  record.upstream = std::string(ctxabi::kAbiUpstream);
  record.policy = std::string(ctxabi::kAbiPolicy);
  for (std::string_view goal : ctxabi::kAbiNonGoals) {
    record.non_goals.emplace_back(goal);
  }
  return record;
}

boost::json::object to_json(const AbiRecord& record) {
  boost::json::array non_goals;
  for (const std::string& goal : record.non_goals) {
    non_goals.emplace_back(goal);
  }
  return boost::json::object{
      {"mount", record.mount},
      {"uid", record.uid},
      {"home", record.home},
      {"mode", record.mode},
      {"kernel", record.kernel},
      {"kernel_tree", record.kernel_tree},
      {"abi", record.abi},
      {"upstream", record.upstream},
      {"policy", record.policy},
      {"non_goals", std::move(non_goals)},
  };
}

}  // namespace lf::cortex
