#pragma once

// Path records of the CortexFS virtual directories: runtime channels, structured
// jobs and hooks. Path arithmetic only. Thread-safety: plain values.

#include <filesystem>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/ctxabi/layout.hpp>

namespace lf::cortex {

struct ChannelPaths {
  std::string channel_id;
  std::filesystem::path root, url, keyref, formats, model_filter, enabled, status, local_url;
};

struct JobPaths {
  std::string job_id;
  std::filesystem::path job_dir, spec, request, output, status;
};

struct HookPaths {
  std::string hook_id;
  std::filesystem::path hook_dir, trigger, spec, request, output, status, last, log;
};

/// Each validates the id as a virtual id (invalid_argument otherwise).
Result<ChannelPaths> plan_channel(const ctxabi::Layout& layout, std::string_view channel_id);
Result<JobPaths> plan_job(const ctxabi::Layout& layout, std::string_view job_id);
Result<HookPaths> plan_hook(const ctxabi::Layout& layout, std::string_view hook_id);

boost::json::object to_json(const ChannelPaths& paths);
boost::json::object to_json(const JobPaths& paths);
boost::json::object to_json(const HookPaths& paths);

}  // namespace lf::cortex
