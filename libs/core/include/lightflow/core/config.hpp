#pragma once

// Where a Service finds everything: the project whose assets it reads, the
// XDG directories that hold its state, the CortexFS tree it talks to, and the
// built-in assets, asset header and compiler that asset checks use. Every
// environment lookup happens once, in config_from_environment; a Service never
// reads the environment itself, so a long-lived server sees one configuration.
// Thread-safety: plain values; config_from_environment reads the environment.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include <lightflow/base/result.hpp>
#include <lightflow/ctxabi/layout.hpp>

namespace lf::core {

/// LightFlow's XDG base directories, each already ending in "lightflow".
struct XdgDirs {
  std::filesystem::path config;   ///< $XDG_CONFIG_HOME/lightflow
  std::filesystem::path state;    ///< $XDG_STATE_HOME/lightflow (runs live here)
  std::filesystem::path cache;    ///< $XDG_CACHE_HOME/lightflow
  std::filesystem::path runtime;  ///< $XDG_RUNTIME_DIR/lightflow, or /tmp/lightflow-<uid>
};

/// The XDG directories as the Base Directory spec defines them: a variable that
/// is unset, empty or relative is ignored and the fallback under $HOME (or the
/// password database's home) is used. Nothing is created.
XdgDirs xdg_from_environment();

struct ServiceConfig {
  std::filesystem::path project_root;  ///< absolute
  ctxabi::Layout ctx{std::filesystem::path(ctxabi::kDefaultMount), 0};
  XdgDirs dirs;
  /// Holds authoring-assets.md, the guide Service::assets_guide serves; empty
  /// when unknown.
  std::filesystem::path docs_dir;
  /// The detached executor (lf-executor) Service::run_start spawns. Empty:
  /// the one beside the running program, else
  /// <program dir>/../libexec/lightflow/lf-executor.
  std::filesystem::path executor_program;
  /// Executions one Service runs at once (each on one thread of its own).
  std::size_t max_executions = 64;
  /// The name this process records on the runs it executes ("lfd"), so that
  /// the next process of that name resumes the ones it left unfinished
  /// (Service::resume_owned_runs). Empty: nothing is recorded.
  std::string execution_owner;
  /// The built-in assets: $LIGHTFLOW_BUILTIN_ASSETS, else share/lightflow/assets
  /// next to the executable's bin/, else the source tree's. A configuration
  /// built by hand may leave it empty: builtin_assets_dir() then looks it up.
  std::filesystem::path builtin_assets_dir;
  /// The directory holding lightflow/asset.hpp that asset checks compile
  /// against: $LIGHTFLOW_ASSET_INCLUDE_DIR, else include/ next to the
  /// executable's bin/, else the source tree's. Empty: looked up likewise.
  std::filesystem::path asset_include_dir;
  /// The C++ compiler command for asset checks: $LIGHTFLOW_CXX, else "c++".
  std::string asset_compiler = "c++";
};

/// Where the authoring guide is: <dir of the running executable>/../share/
/// lightflow/docs when it holds authoring-assets.md (an installed LightFlow);
/// else <project_root>/docs when it does; else the source tree's docs folder
/// (compiled in) when it does; else the install prefix's share/lightflow/docs.
std::filesystem::path default_docs_dir(const std::filesystem::path& project_root);

/// config.builtin_assets_dir, or when empty the lookup config_from_environment
/// does; the same for asset_include_dir.
std::filesystem::path builtin_assets_dir(const ServiceConfig& config);
std::filesystem::path asset_include_dir(const ServiceConfig& config);

/// The configuration of this process: the project root is `project` when
/// given, else $LIGHTFLOW_PROJECT, else the working directory; the CortexFS tree
/// comes from cortex::layout_from_environment(); docs_dir is default_docs_dir();
/// the asset paths and compiler as ServiceConfig describes. Errors:
/// invalid_argument for a bad LIGHTFLOW_CTX_UID, not_found for a project root that does not exist,
/// io_error when the working directory cannot be read.
Result<ServiceConfig> config_from_environment(const std::optional<std::string>& project);

}  // namespace lf::core
