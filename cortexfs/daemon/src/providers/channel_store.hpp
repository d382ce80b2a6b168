#pragma once

// Runtime channels (/ctx/chan/<id>): backends configured through files. Each
// channel keeps url, keyref, fmt, mod and enabled, derives its status, and is
// written through to <config_dir>/chan.d/<id>.conf as key=value lines (the key
// itself is never stored, only its keyref). Thread-safety: none; CtxFs guards it.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <lightflow/base/result.hpp>

namespace lf::ctxfs {

struct Channel {
  std::string id;
  std::string url;
  std::string keyref;
  std::vector<std::string> formats{"openai.chat", "openai.responses"};
  std::string model_filter = "*";
  bool enabled = true;

  /// "disabled", "no-url", "no-keyref" or "ready" (spec §5.1).
  std::string status() const;
};

class ChannelStore {
 public:
  /// `config_dir` holds chan.d/; empty disables persistence.
  explicit ChannelStore(std::filesystem::path config_dir);

  /// Loads chan.d/*.conf; malformed files are skipped and reported in the result.
  std::vector<std::string> load();

  /// Creates a channel with the defaults. Errors: invalid_argument (bad id),
  /// already_exists.
  Result<void> create(std::string_view id);

  /// Sets one field ("url", "keyref", "fmt", "mod", "enabled") from a written
  /// value (trimmed). Errors: invalid_argument for a bad value.
  Result<void> set(std::string_view id, std::string_view field, std::string_view value);

  /// The file text of one field ("id", "status", "localurl" included), "\n"-terminated.
  std::string text(std::string_view id, std::string_view field) const;

  const std::map<std::string, Channel, std::less<>>& all() const noexcept { return channels_; }

 private:
  Result<void> persist(const Channel& channel) const;

  std::filesystem::path config_dir_;
  std::map<std::string, Channel, std::less<>> channels_;
};

}  // namespace lf::ctxfs
