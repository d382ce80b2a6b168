#include <string>

#include <boost/json.hpp>

#include <lightflow/cortex/virtual_paths.hpp>
#include <lightflow/ctxabi/file_names.hpp>
#include <lightflow/ctxabi/ids.hpp>

namespace lf::cortex {

using ctxabi::IdKind;

Result<ChannelPaths> plan_channel(const ctxabi::Layout& layout, std::string_view channel_id) {
  if (auto ok = ctxabi::validate_virtual_id(IdKind::channel_id, channel_id); !ok) {
    return fail(std::move(ok).error());
  }
  const std::filesystem::path root = layout.channel_dir(channel_id);
  return ChannelPaths{
      std::string(channel_id),
      root,
      root / ctxabi::kChannelUrl,
      root / ctxabi::kChannelKeyref,
      root / ctxabi::kChannelFormats,
      root / ctxabi::kChannelModelFilter,
      root / ctxabi::kChannelEnabled,
      root / ctxabi::kChannelStatus,
      root / ctxabi::kChannelLocalUrl,
  };
}

Result<JobPaths> plan_job(const ctxabi::Layout& layout, std::string_view job_id) {
  if (auto ok = ctxabi::validate_virtual_id(IdKind::job_id, job_id); !ok) {
    return fail(std::move(ok).error());
  }
  const std::filesystem::path dir = layout.job_dir(job_id);
  return JobPaths{
      std::string(job_id),
      dir,
      dir / ctxabi::kJobSpec,
      dir / ctxabi::kJobRequest,
      dir / ctxabi::kJobOutput,
      dir / ctxabi::kJobStatus,
  };
}

Result<HookPaths> plan_hook(const ctxabi::Layout& layout, std::string_view hook_id) {
  if (auto ok = ctxabi::validate_virtual_id(IdKind::hook_id, hook_id); !ok) {
    return fail(std::move(ok).error());
  }
  const std::filesystem::path dir = layout.hook_dir(hook_id);
  return HookPaths{
      std::string(hook_id),
      dir,
      dir / ctxabi::kHookTrigger,
      dir / ctxabi::kJobSpec,
      dir / ctxabi::kJobRequest,
      dir / ctxabi::kJobOutput,
      dir / ctxabi::kJobStatus,
      dir / ctxabi::kHookLast,
      dir / ctxabi::kHookLog,
  };
}

boost::json::object to_json(const ChannelPaths& paths) {
  return boost::json::object{
      {"channel_id", paths.channel_id},
      {"root", paths.root.string()},
      {"url", paths.url.string()},
      {"keyref", paths.keyref.string()},
      {"formats", paths.formats.string()},
      {"model_filter", paths.model_filter.string()},
      {"enabled", paths.enabled.string()},
      {"status", paths.status.string()},
      {"local_url", paths.local_url.string()},
  };
}

boost::json::object to_json(const JobPaths& paths) {
  return boost::json::object{
      {"target", boost::json::object{{"job_id", paths.job_id}}},
      {"job_id", paths.job_id},
      {"job_dir", paths.job_dir.string()},
      {"spec", paths.spec.string()},
      {"request", paths.request.string()},
      {"output", paths.output.string()},
      {"status", paths.status.string()},
  };
}

boost::json::object to_json(const HookPaths& paths) {
  return boost::json::object{
      {"target", boost::json::object{{"hook_id", paths.hook_id}}},
      {"hook_id", paths.hook_id},
      {"hook_dir", paths.hook_dir.string()},
      {"trigger", paths.trigger.string()},
      {"spec", paths.spec.string()},
      {"request", paths.request.string()},
      {"output", paths.output.string()},
      {"status", paths.status.string()},
      {"last", paths.last.string()},
      {"log", paths.log.string()},
  };
}

}  // namespace lf::cortex
