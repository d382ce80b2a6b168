#include "fake_provider.hpp"

#include <filesystem>
#include <stdexcept>
#include <thread>

#include "ctxfs_mount.hpp"
#include <lf_test/files.hpp>

namespace ctxfs_test {

FakeProvider::FakeProvider() {
  const char* script = CTXFS_FAKE_PROVIDER;
  const auto port_file = dir_ / "port";
  server_ = std::make_unique<lf_test::BackgroundProcess>(
      std::vector<std::string>{find_program("python3"), script, port_file.string()});
  for (int i = 0; i < 500 && !std::filesystem::exists(port_file); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  url_ = "http://127.0.0.1:" + lf_test::read_file(port_file);
}

}  // namespace ctxfs_test
