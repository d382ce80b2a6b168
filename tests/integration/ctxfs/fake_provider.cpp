#include "fake_provider.hpp"

#include <filesystem>
#include <stdexcept>
#include <thread>

#include "ctxfs_mount.hpp"
#include <lf_test/files.hpp>

namespace ctxfs_test {

FakeProvider::FakeProvider(bool tls) {
  const char* script = CTXFS_FAKE_PROVIDER;
  const auto port_file = dir_ / "port";
  std::vector<std::string> argv{find_program("python3"), script, port_file.string()};
  if (tls) {
    const auto made = lf_test::run_process({find_program("openssl"),
                                            "req",
                                            "-x509",
                                            "-newkey",
                                            "rsa:2048",
                                            "-nodes",
                                            "-days",
                                            "1",
                                            "-subj",
                                            "/CN=127.0.0.1",
                                            "-addext",
                                            "subjectAltName=IP:127.0.0.1",
                                            "-keyout",
                                            (dir_ / "key.pem").string(),
                                            "-out",
                                            (dir_ / "cert.pem").string()});
    if (made.exit_code != 0) {
      throw std::runtime_error("openssl req failed: " + made.err);
    }
    argv.push_back((dir_ / "cert.pem").string());
    argv.push_back((dir_ / "key.pem").string());
  }
  server_ = std::make_unique<lf_test::BackgroundProcess>(argv);
  for (int i = 0; i < 500 && !std::filesystem::exists(port_file); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  url_ = std::string(tls ? "https" : "http") + "://127.0.0.1:" + lf_test::read_file(port_file);
}

}  // namespace ctxfs_test
