#pragma once

// The ABI record: which CortexFS tree is in use and the userspace/FUSE policy
// (see docs/kernel-policy.md). Thread-safety: plain values and pure functions.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <lightflow/ctxabi/layout.hpp>

namespace lf::cortex {

struct AbiRecord {
  std::string mount;
  std::uint32_t uid = 0;
  std::string home;          ///< <mount>/home/<uid>
  std::string mode;          ///< "userspace"
  std::string kernel;        ///< "fuse"
  bool kernel_tree = false;  ///< never a kernel module
  std::string abi;           ///< the ABI's name
  std::string upstream;      ///< what it follows upstream
  std::string policy;        ///< the userspace policy in one sentence
  std::vector<std::string> non_goals;
};

/// The record of `layout`.
AbiRecord abi_record(const ctxabi::Layout& layout);

/// {mount, uid, home, mode, kernel, kernel_tree:false, abi, upstream, policy, non_goals}
boost::json::object to_json(const AbiRecord& record);

}  // namespace lf::cortex
