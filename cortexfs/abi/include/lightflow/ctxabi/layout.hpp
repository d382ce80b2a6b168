#pragma once

// Where everything lives under a CortexFS mount. One Layout is a mount point plus
// the uid whose home/<uid> tree a client uses. Pure path arithmetic: nothing here
// touches the filesystem. Thread-safety: immutable value.

#include <cstdint>
#include <filesystem>
#include <string_view>

#include <lightflow/ctxabi/api_format.hpp>

namespace lf::ctxabi {

/// The default mount point.
inline constexpr std::string_view kDefaultMount = "/ctx";

class Layout {
 public:
  Layout(std::filesystem::path mount, std::uint32_t uid);

  const std::filesystem::path& mount() const noexcept { return mount_; }

  std::uint32_t uid() const noexcept { return uid_; }

  /// <mount>/home/<uid>
  std::filesystem::path home() const;
  /// <home>/model
  std::filesystem::path model_dir() const;
  /// <home>/route and <home>/route/<format>
  std::filesystem::path route_dir() const;
  std::filesystem::path route_dir(ApiFormat format) const;
  /// <home>/policy
  std::filesystem::path policy_dir() const;
  /// <home>/api/<format>/inbox and .../outbox
  std::filesystem::path api_inbox(ApiFormat format) const;
  std::filesystem::path api_outbox(ApiFormat format) const;
  /// <mount>/tool/<tool_id>/invoke/inbox and .../outbox (shared by all uids)
  std::filesystem::path tool_inbox(std::string_view tool_id) const;
  std::filesystem::path tool_outbox(std::string_view tool_id) const;
  /// <home>/thread and <home>/thread/<thread_id>/inbox (the outbox is the inbox)
  std::filesystem::path thread_root() const;
  std::filesystem::path thread_inbox(std::string_view thread_id) const;
  /// <mount>/chan and <mount>/chan/<channel_id>
  std::filesystem::path channel_root() const;
  std::filesystem::path channel_dir(std::string_view channel_id) const;
  /// <home>/job, <home>/job/<job_id>
  std::filesystem::path job_root() const;
  std::filesystem::path job_dir(std::string_view job_id) const;
  /// <home>/hook, <home>/hook/<hook_id>
  std::filesystem::path hook_root() const;
  std::filesystem::path hook_dir(std::string_view hook_id) const;
  /// <mount>/audit and <mount>/audit/events.jsonl
  std::filesystem::path audit_dir() const;
  std::filesystem::path audit_events() const;
  /// <mount>/control
  std::filesystem::path control_dir() const;
  /// <mount>/status ("ready\n" on a live mount)
  std::filesystem::path status_file() const;

 private:
  std::filesystem::path mount_;
  std::uint32_t uid_;
};

}  // namespace lf::ctxabi
