// lf health as an operator runs it: against a real ctxfs mount, against a
// directory where nothing is mounted, and with a state directory or compiler
// that cannot be used. The report is JSON on stdout; the exit code says
// whether LightFlow can work here.

#include <unistd.h>

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include <lf_test/files.hpp>
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

constexpr int kUnavailableExit = 11;  // docs/errors.md

struct Health {
  lf_test::ProcessResult result;
  boost::json::object report;
};

Health lf_health(const std::filesystem::path& mount,
                 const std::filesystem::path& state_home,
                 std::map<std::string, std::optional<std::string>> extra_env = {}) {
  lf_test::ProcessOptions options;
  options.env = std::move(extra_env);
  options.env["LIGHTFLOW_CTX_MOUNT"] = mount.string();
  options.env["LIGHTFLOW_CTX_UID"] = std::to_string(::getuid());
  options.env["XDG_STATE_HOME"] = state_home.string();
  options.env["LIGHTFLOW_PROJECT"] = *lf_test::env_value("LF_SOURCE_DIR");
  Health health;
  health.result =
      lf_test::run_process({lf_test::binary_from_env("LF_BIN").string(), "health"}, options);
  INFO(health.result.err);
  health.report = boost::json::parse(health.result.out).as_object();
  return health;
}

const boost::json::object& part(const Health& health, const char* name) {
  return health.report.at(name).as_object();
}

std::string text(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
}

}  // namespace

TEST_CASE("lf health is healthy with ctxfs mounted and reports its ABI and versions",
          "[ops][health]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::CtxfsMount mount;
  lf_test::TempDir dir{"lf-health"};
  const Health health = lf_health(mount.root(), dir / "state");
  INFO(health.result.out << health.result.err);
  CHECK(health.result.exit_code == 0);
  CHECK(health.report.at("ok") == true);
  CHECK(text(health.report.at("version")) == *lf_test::env_value("LF_EXPECTED_VERSION"));
  const auto& ctx = part(health, "cortexfs");
  CHECK(ctx.at("mounted") == true);
  CHECK(ctx.at("abi") == ctx.at("expected_abi"));
  CHECK(text(ctx.at("version")) == *lf_test::env_value("LF_EXPECTED_VERSION"));
  CHECK(part(health, "state_dir").at("ok") == true);
  CHECK(std::filesystem::is_directory(dir / "state" / "lightflow"));
  CHECK(part(health, "compiler").at("ok") == true);
  CHECK(part(health, "asset_header").at("ok") == true);
  CHECK(part(health, "builtin_assets").at("ok") == true);
}

TEST_CASE("lf health exits unavailable and says why when CortexFS is not mounted",
          "[ops][health]") {
  lf_test::TempDir dir{"lf-health"};
  std::filesystem::create_directories(dir / "ctx");
  const Health health = lf_health(dir / "ctx", dir / "state");
  CHECK(health.result.exit_code == kUnavailableExit);
  CHECK(health.report.at("ok") == false);
  const auto& ctx = part(health, "cortexfs");
  CHECK(ctx.at("mounted") == false);
  CHECK(ctx.at("abi").is_null());
  CHECK_THAT(text(ctx.at("problem")),
             Catch::Contains("CortexFS is not mounted at " + (dir / "ctx").string()));
  CHECK_THAT(health.result.err, Catch::Contains("lf: health: cortexfs: "));
  // The rest is still checked and reported.
  CHECK(part(health, "state_dir").at("ok") == true);
  CHECK(part(health, "builtin_assets").at("ok") == true);
}

TEST_CASE("lf health reports a state directory it cannot write and a missing compiler",
          "[ops][health]") {
  lf_test::TempDir dir{"lf-health"};
  lf_test::write_file(dir / "not-a-dir", "x");
  const Health health =
      lf_health(dir / "ctx", dir / "not-a-dir", {{"LIGHTFLOW_CXX", "lf-no-such-compiler"}});
  CHECK(health.result.exit_code == kUnavailableExit);
  CHECK(part(health, "state_dir").at("ok") == false);
  CHECK(text(part(health, "state_dir").at("path")) == (dir / "not-a-dir" / "lightflow").string());
  CHECK(part(health, "compiler").at("ok") == false);
  CHECK(part(health, "compiler").at("command") == "lf-no-such-compiler");
  CHECK(part(health, "compiler").at("path").is_null());
  CHECK_THAT(health.result.err, Catch::Contains("lf: health: state_dir: "));
  CHECK_THAT(health.result.err,
             Catch::Contains("lf: health: compiler: compiler lf-no-such-compiler not found"));
}
