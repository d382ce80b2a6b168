#include "lf_exec.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <sstream>
#include <stdexcept>

namespace exec_test {

Lf::Lf(const ctxfs_test::CtxfsMount& mount) : mount_(mount) {}

lf_test::ProcessOptions Lf::options() const {
  lf_test::ProcessOptions options;
  options.env["LIGHTFLOW_CTX_MOUNT"] = mount_.root().string();
  options.env["LIGHTFLOW_CTX_UID"] = std::to_string(::getuid());
  options.env["XDG_STATE_HOME"] = (dir_ / "state").string();
  options.env["XDG_CACHE_HOME"] = (dir_ / "cache").string();
  options.env["LIGHTFLOW_PROJECT"] = *lf_test::env_value("LF_SOURCE_DIR");
  options.timeout = std::chrono::seconds(60);
  return options;
}

std::vector<std::string> Lf::argv(std::vector<std::string> args) const {
  args.insert(args.begin(), lf_test::binary_from_env("LF_BIN").string());
  return args;
}

lf_test::ProcessResult Lf::run(std::vector<std::string> args) const {
  return lf_test::run_process(argv(std::move(args)), options());
}

boost::json::object Lf::json(std::vector<std::string> args) const {
  const auto result = run(std::move(args));
  if (result.exit_code != 0) {
    throw std::runtime_error("lf exited " + std::to_string(result.exit_code) + ": " + result.err);
  }
  return boost::json::parse(result.out).as_object();
}

std::vector<boost::json::object> Lf::events(const std::string& out,
                                            const std::string& name,
                                            const std::string& step) {
  std::vector<boost::json::object> found;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    boost::system::error_code ec;
    auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object()) {
      continue;
    }
    const auto& event = value.as_object();
    const auto* kind = event.if_contains("event");
    const auto* step_id = event.if_contains("step_id");
    if (kind == nullptr || !kind->is_string() || kind->as_string() != name) {
      continue;
    }
    if (!step.empty()
        && (step_id == nullptr || !step_id->is_string() || step_id->as_string() != step)) {
      continue;
    }
    found.push_back(event);
  }
  return found;
}

const boost::json::object& step_record(const boost::json::object& manifest,
                                       const std::string& step_id) {
  for (const auto& step : manifest.at("steps").as_array()) {
    if (step.as_object().at("step_id").as_string() == step_id) {
      return step.as_object();
    }
  }
  throw std::runtime_error("no step " + step_id);
}

unsigned long inode_of(const boost::json::value& path) {
  struct stat info {};

  if (!path.is_string() || ::stat(path.as_string().c_str(), &info) != 0) {
    return 0;
  }
  return static_cast<unsigned long>(info.st_ino);
}

std::string step_status(const boost::json::object& manifest, const std::string& step_id) {
  return std::string(step_record(manifest, step_id).at("status").as_string());
}

}  // namespace exec_test
