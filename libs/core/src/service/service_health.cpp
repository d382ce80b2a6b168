// Service::health(): can this process do its work? Each check reads what it
// needs and turns every failure into a field of the report, never an error.

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/base/unique_name.hpp>
#include <lightflow/core/service.hpp>
#include <lightflow/ctxabi/abi_policy.hpp>

namespace lf::core {
namespace {

std::string first_line(std::string_view text) {
  const auto end = text.find_first_of("\r\n");
  return std::string(text.substr(0, end));
}

CortexFsHealth check_cortexfs(const ctxabi::Layout& layout) {
  CortexFsHealth out;
  out.mount = layout.mount().string();
  out.expected_abi = std::string(ctxabi::kDaemonAbi);
  auto abi = base::read_text_file(layout.control_dir() / "abi");
  if (!abi) {
    out.problem = "CortexFS is not mounted at " + out.mount + " (" + abi.error().local_text() + ")";
    return out;
  }
  out.mounted = true;
  out.abi = first_line(*abi);
  if (auto version = base::read_text_file(layout.control_dir() / "version")) {
    out.version = first_line(*version);
  }
  out.ok = out.abi == out.expected_abi;
  if (!out.ok) {
    out.problem =
        "CortexFS at " + out.mount + " speaks ABI " + *out.abi + ", not " + out.expected_abi;
  }
  return out;
}

// Writable means a file can be created there: the probe is what run_create
// does first (make the directory, write a file), then undone.
PathHealth check_writable(const std::filesystem::path& dir) {
  PathHealth out{dir.string(), false, {}};
  if (auto made = base::make_directories(dir); !made) {
    out.problem = made.error().local_text();
    return out;
  }
  const std::filesystem::path probe = dir / (".health-" + base::unique_token());
  if (auto written = base::write_new_file(probe, "ok\n"); !written) {
    out.problem = written.error().local_text();
    return out;
  }
  ::unlink(probe.c_str());
  out.ok = true;
  return out;
}

PathHealth check_exists(const std::filesystem::path& path, std::string_view what) {
  PathHealth out{path.string(), false, {}};
  std::error_code ec;
  out.ok = !path.empty() && std::filesystem::exists(path, ec);
  if (!out.ok) {
    out.problem = std::string(what) + " not found at " + path.string();
  }
  return out;
}

// The first executable `command` on PATH (or `command` itself when it names
// a path), as execvp would find it.
std::optional<std::string> find_on_path(const std::string& command) {
  if (command.find('/') != std::string::npos) {
    return ::access(command.c_str(), X_OK) == 0 ? std::optional(command) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const auto colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + command;
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    rest.remove_prefix(colon + 1);
  }
}

CompilerHealth check_compiler(const std::string& command) {
  CompilerHealth out;
  out.command = command;
  out.path = find_on_path(command);
  out.ok = out.path.has_value();
  if (!out.ok) {
    out.problem = "compiler " + command + " not found on PATH";
  }
  return out;
}

boost::json::value optional_json(const std::optional<std::string>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

boost::json::object to_json(const PathHealth& path) {
  return boost::json::object{{"path", path.path}, {"ok", path.ok}, {"problem", path.problem}};
}

}  // namespace

Health Service::health() const {
  Health health;
  health.version = LF_VERSION;
  health.cortexfs = check_cortexfs(config_.ctx);
  health.state_dir = check_writable(config_.dirs.state);
  health.compiler = check_compiler(config_.asset_compiler);
  health.asset_header =
      check_exists(asset_include_dir(config_) / "lightflow" / "asset.hpp", "asset header");
  health.builtin_assets = check_exists(builtin_assets_dir(config_), "built-in assets");
  health.ok = health.cortexfs.ok && health.state_dir.ok && health.compiler.ok
              && health.asset_header.ok && health.builtin_assets.ok;
  return health;
}

boost::json::object to_json(const Health& health) {
  const CortexFsHealth& ctx = health.cortexfs;
  return boost::json::object{
      {"ok", health.ok},
      {"version", health.version},
      {"cortexfs",
       {{"mount", ctx.mount},
        {"mounted", ctx.mounted},
        {"abi", optional_json(ctx.abi)},
        {"version", optional_json(ctx.version)},
        {"expected_abi", ctx.expected_abi},
        {"ok", ctx.ok},
        {"problem", ctx.problem}}},
      {"state_dir", to_json(health.state_dir)},
      {"compiler",
       {{"command", health.compiler.command},
        {"path", optional_json(health.compiler.path)},
        {"ok", health.compiler.ok},
        {"problem", health.compiler.problem}}},
      {"asset_header", to_json(health.asset_header)},
      {"builtin_assets", to_json(health.builtin_assets)},
  };
}

}  // namespace lf::core
