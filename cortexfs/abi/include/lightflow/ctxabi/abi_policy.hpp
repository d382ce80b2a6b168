#pragma once

// The ABI's stance on the kernel: CortexFS is a userspace FUSE filesystem, and
// LightFlow protocols never become kernel ABI. See docs/kernel-policy.md.

#include <array>
#include <string_view>

namespace lf::ctxabi {

inline constexpr std::string_view kAbiMode = "userspace";
inline constexpr std::string_view kAbiKernel = "fuse";
inline constexpr bool kAbiKernelTree = false;
inline constexpr std::string_view kAbiName = "userspace";
inline constexpr std::string_view kAbiUpstream = "generic kernel primitives only";
inline constexpr std::string_view kAbiPolicy =
    "Keep LightFlow/CortexFS runtime protocols in userspace; upstream only small generic "
    "Linux primitives with tests and benchmarks.";
inline constexpr std::array<std::string_view, 3> kAbiNonGoals = {
    "LightFlow runtime in the Linux kernel tree",
    "provider/model/MCP/HTTP/OpenAPI/JSON protocols as kernel ABI",
    "policy, routing, secrets, or tool execution in kernel space",
};

/// control/abi and control/version of a ctxfs mount.
inline constexpr std::string_view kDaemonAbi = "cortexfs.design.v0";

}  // namespace lf::ctxabi
