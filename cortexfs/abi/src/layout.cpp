#include <string>
#include <utility>

#include <lightflow/ctxabi/layout.hpp>

namespace lf::ctxabi {

Layout::Layout(std::filesystem::path mount, std::uint32_t uid)
    : mount_(std::move(mount)), uid_(uid) {}

std::filesystem::path Layout::home() const {
  return mount_ / "home" / std::to_string(uid_);
}

std::filesystem::path Layout::model_dir() const {
  return home() / "model";
}

std::filesystem::path Layout::route_dir() const {
  return home() / "route";
}

std::filesystem::path Layout::route_dir(ApiFormat format) const {
  return route_dir() / to_string(format);
}

std::filesystem::path Layout::policy_dir() const {
  return home() / "policy";
}

std::filesystem::path Layout::api_inbox(ApiFormat format) const {
  return home() / "api" / to_string(format) / "inbox";
}

std::filesystem::path Layout::api_outbox(ApiFormat format) const {
  return home() / "api" / to_string(format) / "outbox";
}

std::filesystem::path Layout::tool_inbox(std::string_view tool_id) const {
  return mount_ / "tool" / tool_id / "invoke" / "inbox";
}

std::filesystem::path Layout::tool_outbox(std::string_view tool_id) const {
  return mount_ / "tool" / tool_id / "invoke" / "outbox";
}

std::filesystem::path Layout::thread_root() const {
  return home() / "thread";
}

std::filesystem::path Layout::thread_inbox(std::string_view thread_id) const {
  return thread_root() / thread_id / "inbox";
}

std::filesystem::path Layout::channel_root() const {
  return mount_ / "chan";
}

std::filesystem::path Layout::channel_dir(std::string_view channel_id) const {
  return channel_root() / channel_id;
}

std::filesystem::path Layout::job_root() const {
  return home() / "job";
}

std::filesystem::path Layout::job_dir(std::string_view job_id) const {
  return job_root() / job_id;
}

std::filesystem::path Layout::hook_root() const {
  return home() / "hook";
}

std::filesystem::path Layout::hook_dir(std::string_view hook_id) const {
  return hook_root() / hook_id;
}

std::filesystem::path Layout::audit_dir() const {
  return mount_ / "audit";
}

std::filesystem::path Layout::audit_events() const {
  return audit_dir() / "events.jsonl";
}

std::filesystem::path Layout::control_dir() const {
  return mount_ / "control";
}

std::filesystem::path Layout::status_file() const {
  return mount_ / "status";
}

}  // namespace lf::ctxabi
