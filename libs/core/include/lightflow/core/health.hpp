#pragma once

// What Service::health() reports: whether this process can do its work — the
// CortexFS mount and the ABI its daemon speaks, a writable state directory, the
// compiler, asset header and built-in assets that asset checks use — and the
// versions involved. Every field names host paths: show it to operators, not to
// anonymous clients. Thread-safety: plain values.

#include <optional>
#include <string>

#include <boost/json/object.hpp>

namespace lf::core {

/// The CortexFS tree this Service talks to.
struct CortexFsHealth {
  std::string mount;
  bool mounted = false;                ///< <mount>/control/abi could be read
  std::optional<std::string> abi;      ///< the daemon's control/abi
  std::optional<std::string> version;  ///< the daemon's control/version
  std::string expected_abi;            ///< the ABI this build speaks
  bool ok = false;                     ///< mounted and abi == expected_abi
  std::string problem;                 ///< why not ok; empty when ok
};

/// One directory or file that must be usable.
struct PathHealth {
  std::string path;
  bool ok = false;
  std::string problem;  ///< why not ok; empty when ok
};

/// The compiler asset checks run.
struct CompilerHealth {
  std::string command;              ///< as configured ("c++", $LIGHTFLOW_CXX)
  std::optional<std::string> path;  ///< where it was found on PATH
  bool ok = false;
  std::string problem;
};

struct Health {
  bool ok = false;      ///< every check below is ok
  std::string version;  ///< LightFlow's version
  CortexFsHealth cortexfs;
  PathHealth state_dir;       ///< run records are written here
  CompilerHealth compiler;    ///< for asset checks
  PathHealth asset_header;    ///< <include dir>/lightflow/asset.hpp
  PathHealth builtin_assets;  ///< the built-in asset folder
};

/// {ok, version, cortexfs:{mount, mounted, abi, version, expected_abi, ok,
/// problem}, state_dir:{path, ok, problem}, compiler:{command, path, ok,
/// problem}, asset_header:{…}, builtin_assets:{…}}; absent values are null.
boost::json::object to_json(const Health& health);

}  // namespace lf::core
