#pragma once

// The ABI record: which CortexFS tree is in use and the userspace/FUSE policy
// (see docs/kernel-policy.md). Thread-safety: pure function.

#include <boost/json/object.hpp>

#include <lightflow/ctxabi/layout.hpp>

namespace lf::cortex {

/// {mount, uid, home, mode, kernel, kernel_tree:false, abi, upstream, policy, non_goals}
boost::json::object abi_record(const ctxabi::Layout& layout);

}  // namespace lf::cortex
