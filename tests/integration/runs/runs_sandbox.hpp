#pragma once

// A sandbox for driving the real `lf run` commands: its own XDG state
// directory, a temporary directory laid out as a CortexFS tree (the test plays
// CortexFS by writing outbox files) and the repository's example project.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lf_test/files.hpp>
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace lf_runs_test {

class RunsSandbox {
 public:
  RunsSandbox() {
    std::filesystem::create_directories(inbox());
    std::filesystem::create_directories(outbox());
    const auto source = lf_test::env_value("LF_SOURCE_DIR");
    if (!source) {
      throw std::runtime_error("LF_SOURCE_DIR is not set");
    }
    options_.env["XDG_STATE_HOME"] = (dir_ / "state").string();
    options_.env["LIGHTFLOW_CTX_MOUNT"] = (dir_ / "ctx").string();
    options_.env["LIGHTFLOW_CTX_UID"] = "1000";
    options_.env["LIGHTFLOW_PROJECT"] = *source;
    options_.cwd = dir_.path();
  }

  std::filesystem::path inbox() const { return dir_ / "ctx/home/1000/api/openai.chat/inbox"; }

  std::filesystem::path outbox() const { return dir_ / "ctx/home/1000/api/openai.chat/outbox"; }

  std::filesystem::path runs_dir() const { return dir_ / "state/lightflow/runs"; }

  const lf_test::ProcessOptions& options() const { return options_; }

  std::vector<std::string> argv(std::vector<std::string> args) const {
    args.insert(args.begin(), lf_test::binary_from_env("LF_BIN").string());
    return args;
  }

  lf_test::ProcessResult run(const std::vector<std::string>& args) const {
    return lf_test::run_process(argv(args), options_);
  }

  /// Runs lf, requires exit code 0 and a JSON object on stdout.
  boost::json::object json(const std::vector<std::string>& args) const {
    const auto result = run(args);
    INFO("stderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return boost::json::parse(result.out).as_object();
  }

  /// The request id of the current attempt of `step` of `run`, as recorded
  /// ("<run>.<incarnation>.<step>").
  std::string request_id(const std::string& run, const std::string& step) const {
    const boost::json::object manifest = json({"run", "get", run});
    for (const auto& record : manifest.at("steps").as_array()) {
      if (record.at("step_id") == step.c_str()) {
        return std::string(record.at("cortex").at("request_id").as_string());
      }
    }
    throw std::runtime_error("no step " + step + " in run " + run);
  }

  /// Writes an openai.chat answer for `request_id`, as CortexFS would.
  void answer(const std::string& request_id, const std::string& text) const {
    boost::json::object message{{"role", "assistant"}, {"content", text}};
    boost::json::object body{
        {"choices", boost::json::array{boost::json::object{{"message", message}}}}};
    lf_test::write_file(outbox() / (request_id + ".resp.json"), boost::json::serialize(body));
  }

 private:
  lf_test::TempDir dir_{"lf-runs-test"};
  lf_test::ProcessOptions options_;
};

}  // namespace lf_runs_test
