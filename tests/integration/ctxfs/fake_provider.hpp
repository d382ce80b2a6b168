#pragma once

// Runs fake_openai.py (its path is compiled in as CTXFS_FAKE_PROVIDER) on a free loopback port
// for the lifetime of the object.

#include <memory>
#include <string>

#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace ctxfs_test {

class FakeProvider {
 public:
  /// Plain HTTP; with `tls`, HTTPS with a fresh self-signed certificate for
  /// 127.0.0.1 (see ca_file()).
  explicit FakeProvider(bool tls = false);

  /// The certificate to trust (CORTEXFS_CA_FILE) for a TLS server.
  std::string ca_file() const { return (dir_ / "cert.pem").string(); }

  /// "http[s]://127.0.0.1:<port>" (no /v1: ctxfs appends it).
  const std::string& base_url() const noexcept { return url_; }

 private:
  lf_test::TempDir dir_{"ctxfs-fake"};
  std::unique_ptr<lf_test::BackgroundProcess> server_;
  std::string url_;
};

}  // namespace ctxfs_test
