// Service::health() against directories laid out as a CortexFS mount would be:
// the daemon's control/abi and control/version decide "mounted" and "ABI ok".

#include <string>

#include <catch2/catch.hpp>

#include <lightflow/core/service.hpp>
#include <lightflow/ctxabi/abi_policy.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

lf::core::ServiceConfig config_in(const lf_test::TempDir& root) {
  lf::core::ServiceConfig config;
  config.project_root = LF_SOURCE_DIR;
  config.ctx = lf::ctxabi::Layout(root.path() / "ctx", 1000);
  config.dirs.state = root.path() / "state" / "lightflow";
  config.asset_include_dir = std::string(LF_SOURCE_DIR) + "/libs/assets/include";
  config.builtin_assets_dir = std::string(LF_SOURCE_DIR) + "/libs/assets/builtin";
  config.asset_compiler = "sh";  // on every PATH; health only looks it up
  return config;
}

void fake_daemon(const lf_test::TempDir& root, const std::string& abi) {
  lf_test::write_file(root.path() / "ctx/control/abi", abi + "\n");
  lf_test::write_file(root.path() / "ctx/control/version", "9.9.9\n");
}

}  // namespace

TEST_CASE("health is ok when CortexFS speaks this build's ABI and everything is there",
          "[core][health]") {
  lf_test::TempDir root;
  fake_daemon(root, std::string(lf::ctxabi::kDaemonAbi));
  const lf::core::Health health = lf::core::Service(config_in(root)).health();
  INFO(lf::core::to_json(health));
  CHECK(health.ok);
  CHECK(health.version == LF_VERSION);
  CHECK(health.cortexfs.mounted);
  CHECK(health.cortexfs.abi == std::string(lf::ctxabi::kDaemonAbi));
  CHECK(health.cortexfs.version == "9.9.9");
  CHECK(health.state_dir.ok);
  CHECK(health.compiler.path.has_value());
  CHECK(health.asset_header.ok);
  CHECK(health.builtin_assets.ok);
  CHECK(lf::core::to_json(health).at("ok") == true);
}

TEST_CASE("health is not ok when nothing is mounted or the daemon speaks another ABI",
          "[core][health]") {
  lf_test::TempDir root;
  const lf::core::Service service(config_in(root));
  const lf::core::Health unmounted = service.health();
  CHECK_FALSE(unmounted.ok);
  CHECK_FALSE(unmounted.cortexfs.mounted);
  CHECK_FALSE(unmounted.cortexfs.abi.has_value());
  CHECK(unmounted.cortexfs.problem.starts_with("CortexFS is not mounted at "));
  CHECK(unmounted.state_dir.ok);  // the other checks still run

  fake_daemon(root, "cortexfs.design.v999");
  const lf::core::Health other_abi = service.health();
  CHECK_FALSE(other_abi.ok);
  CHECK(other_abi.cortexfs.mounted);
  CHECK_FALSE(other_abi.cortexfs.ok);
  CHECK(other_abi.cortexfs.problem.find("speaks ABI cortexfs.design.v999") != std::string::npos);
  CHECK(lf::core::to_json(other_abi).at("cortexfs").at("abi") == "cortexfs.design.v999");
}

TEST_CASE("health names a missing header, built-in folder and compiler", "[core][health]") {
  lf_test::TempDir root;
  fake_daemon(root, std::string(lf::ctxabi::kDaemonAbi));
  auto config = config_in(root);
  config.asset_include_dir = root.path() / "no-include";
  config.builtin_assets_dir = root.path() / "no-builtins";
  config.asset_compiler = "lf-no-such-compiler";
  const lf::core::Health health = lf::core::Service(config).health();
  CHECK_FALSE(health.ok);
  CHECK(health.cortexfs.ok);
  CHECK_FALSE(health.asset_header.ok);
  CHECK(health.asset_header.path == (root.path() / "no-include/lightflow/asset.hpp").string());
  CHECK_FALSE(health.builtin_assets.ok);
  CHECK_FALSE(health.compiler.ok);
  CHECK(health.compiler.problem == "compiler lf-no-such-compiler not found on PATH");
}
