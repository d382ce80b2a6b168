#include <cstdlib>

#include <lf_test/npm.hpp>
#include <lf_test/process.hpp>

namespace lf_test {

std::string install_npm_packages(const std::filesystem::path& dir,
                                 int min_node_major,
                                 const std::vector<std::string>& packages) {
  std::vector<std::string> argv{
      LF_TEST_SUPPORT_DIR "/scripts/npm_packages.sh", dir.string(), std::to_string(min_node_major)};
  argv.insert(argv.end(), packages.begin(), packages.end());
  ProcessOptions options;
  options.timeout = std::chrono::minutes(5);
  const auto installed = run_process(argv, options);
  if (installed.exit_code == 77) {
    std::exit(77);
  }
  if (installed.exit_code != 0) {
    return "npm_packages.sh exited " + std::to_string(installed.exit_code) + ": " + installed.err;
  }
  return {};
}

}  // namespace lf_test
