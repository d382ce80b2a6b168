#pragma once

// Runs the built lf binary with a sandboxed CortexFS and XDG environment.

#include <string>
#include <string_view>

#include <boost/json.hpp>

#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace lf_test {

struct LfSandbox {
  TempDir dir{"lf-cli"};

  std::filesystem::path ctx() const { return dir / "ctx"; }

  ProcessResult run(std::vector<std::string> args, std::string stdin_data = {}) const {
    args.insert(args.begin(), binary_from_env("LF_BIN").string());
    ProcessOptions options;
    options.env["LIGHTFLOW_CTX_MOUNT"] = ctx().string();
    options.env["LIGHTFLOW_CTX_UID"] = "1000";
    options.env["XDG_STATE_HOME"] = (dir / "state").string();
    options.env["LIGHTFLOW_PROJECT"] = dir.path().string();
    options.cwd = dir.path();
    options.stdin_data = std::move(stdin_data);
    return run_process(args, options);
  }

  boost::json::object json(std::vector<std::string> args) const {
    const ProcessResult result = run(std::move(args));
    if (result.exit_code != 0) {
      throw std::runtime_error("lf failed: " + result.err);
    }
    return boost::json::parse(result.out).as_object();
  }
};

/// The string member `key` of `object`; throws when it is missing or not a string.
inline std::string text(const boost::json::object& object, std::string_view key) {
  return std::string(object.at(key).as_string());
}

}  // namespace lf_test
