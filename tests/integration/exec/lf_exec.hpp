#pragma once

// Runs the built lf against a ctxfs mount, with its own XDG state and cache,
// using this repository's assets as the project.

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "ctxfs_mount.hpp"
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace exec_test {

class Lf {
 public:
  explicit Lf(const ctxfs_test::CtxfsMount& mount);

  /// The options every lf call gets: the mount, the uid, XDG dirs, the project.
  lf_test::ProcessOptions options() const;

  /// argv[0] of lf followed by `args`.
  std::vector<std::string> argv(std::vector<std::string> args) const;

  lf_test::ProcessResult run(std::vector<std::string> args) const;

  /// A command's stdout as JSON; fails the test when it exits non-zero.
  boost::json::object json(std::vector<std::string> args) const;

  /// The JSON-lines events `lf run exec|resume|rerun` printed whose "event"
  /// is `name` (with `step`, when not empty).
  static std::vector<boost::json::object> events(const std::string& out,
                                                 const std::string& name,
                                                 const std::string& step = "");

 private:
  const ctxfs_test::CtxfsMount& mount_;
  lf_test::TempDir dir_{"lf-exec"};
};

/// The status of `step_id` in a manifest (`lf run get` JSON).
std::string step_status(const boost::json::object& manifest, const std::string& step_id);

/// The inode number of the file a manifest path names (0 when it cannot be read).
unsigned long inode_of(const boost::json::value& path);

/// The manifest's step record for `step_id`.
const boost::json::object& step_record(const boost::json::object& manifest,
                                       const std::string& step_id);

}  // namespace exec_test
