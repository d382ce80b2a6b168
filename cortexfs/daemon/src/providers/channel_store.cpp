#include "providers/channel_store.hpp"

#include <sstream>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/ctxabi/api_format.hpp>
#include <lightflow/ctxabi/ids.hpp>

#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

constexpr std::string_view kLocalUrl = "http://127.0.0.1:6185/v1";

Result<std::vector<std::string>> parse_formats(std::string_view value) {
  std::vector<std::string> formats;
  for (const auto& line : split_lines(value, ",\n")) {
    if (auto parsed = ctxabi::parse_api_format(line); !parsed) {
      return fail(parsed.error());
    }
    formats.push_back(line);
  }
  return formats;
}

}  // namespace

std::string Channel::status() const {
  if (!enabled) {
    return "disabled";
  }
  if (url.empty()) {
    return "no-url";
  }
  if (keyref.empty()) {
    return "no-keyref";
  }
  return "ready";
}

ChannelStore::ChannelStore(std::filesystem::path config_dir) : config_dir_(std::move(config_dir)) {}

std::vector<std::string> ChannelStore::load() {
  std::vector<std::string> problems;
  std::error_code ec;
  const auto dir = config_dir_ / "chan.d";
  if (config_dir_.empty() || !std::filesystem::is_directory(dir, ec)) {
    return problems;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".conf") {
      continue;
    }
    const std::string id = entry.path().stem().string();
    auto text = base::read_text_file(entry.path());
    if (!text || !ctxabi::validate_virtual_id(ctxabi::IdKind::channel_id, id)) {
      problems.push_back(entry.path().string() + ": unreadable or bad id");
      continue;
    }
    Channel channel;
    channel.id = id;
    channels_[id] = channel;
    for (const auto& line : split_lines(*text, "\n")) {
      const auto eq = line.find('=');
      if (eq == std::string::npos || line.substr(0, eq) == "id") {
        continue;
      }
      if (auto set_ok = set(id, line.substr(0, eq), line.substr(eq + 1)); !set_ok) {
        problems.push_back(entry.path().string() + ": " + set_ok.error().message);
      }
    }
  }
  return problems;
}

Result<void> ChannelStore::create(std::string_view id) {
  if (auto valid = ctxabi::validate_virtual_id(ctxabi::IdKind::channel_id, id); !valid) {
    return valid;
  }
  if (channels_.find(id) != channels_.end()) {
    return fail(Code::already_exists, "channel exists: " + std::string(id));
  }
  Channel channel;
  channel.id = std::string(id);
  auto& stored = channels_[channel.id] = channel;
  return persist(stored);
}

Result<void> ChannelStore::set(std::string_view id,
                               std::string_view field,
                               std::string_view value) {
  auto it = channels_.find(id);
  if (it == channels_.end()) {
    return fail(Code::not_found, "no channel " + std::string(id));
  }
  Channel updated = it->second;
  const std::string v(trim(value));
  if (field == "url") {
    if (!v.empty() && v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) {
      return fail(Code::invalid_argument, "url must start with http:// or https://");
    }
    updated.url = v;
  } else if (field == "keyref") {
    updated.keyref = v;
  } else if (field == "fmt") {
    auto formats = parse_formats(v);
    if (!formats) {
      return fail(formats.error());
    }
    updated.formats = std::move(*formats);
  } else if (field == "mod") {
    updated.model_filter = v.empty() ? "*" : v;
  } else if (field == "enabled") {
    if (v != "0" && v != "1") {
      return fail(Code::invalid_argument, "enabled must be 0 or 1");
    }
    updated.enabled = v == "1";
  } else {
    return fail(Code::invalid_argument, "read-only channel field: " + std::string(field));
  }
  it->second = std::move(updated);
  return persist(it->second);
}

std::string ChannelStore::text(std::string_view id, std::string_view field) const {
  auto it = channels_.find(id);
  if (it == channels_.end()) {
    return {};
  }
  const Channel& c = it->second;
  if (field == "id") {
    return c.id + "\n";
  }
  if (field == "url") {
    return c.url + "\n";
  }
  if (field == "keyref") {
    return c.keyref + "\n";
  }
  if (field == "fmt") {
    return join_lines(c.formats);
  }
  if (field == "mod") {
    return c.model_filter + "\n";
  }
  if (field == "enabled") {
    return c.enabled ? "1\n" : "0\n";
  }
  if (field == "status") {
    return c.status() + "\n";
  }
  return std::string(kLocalUrl) + "\n";
}

Result<void> ChannelStore::persist(const Channel& channel) const {
  if (config_dir_.empty()) {
    return {};
  }
  std::ostringstream out;
  out << "id=" << channel.id << "\nurl=" << channel.url << "\nkeyref=" << channel.keyref
      << "\nfmt=";
  for (std::size_t i = 0; i < channel.formats.size(); ++i) {
    out << (i == 0 ? "" : ",") << channel.formats[i];
  }
  out << "\nmod=" << channel.model_filter << "\nenabled=" << (channel.enabled ? 1 : 0) << "\n";
  const auto dir = config_dir_ / "chan.d";
  if (auto made = base::make_directories(dir); !made) {
    return made;
  }
  return base::write_file_atomically(dir / (channel.id + ".conf"), out.str());
}

}  // namespace lf::ctxfs
