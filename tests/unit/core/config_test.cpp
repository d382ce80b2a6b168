#include <cstdlib>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include <lightflow/core/config.hpp>

#include <lf_test/scoped_env.hpp>
#include <lf_test/temp_dir.hpp>

TEST_CASE("XDG directories follow absolute variables and fall back under HOME", "[core][config]") {
  lf_test::ScopedEnv home("HOME", "/home/ada");
  lf_test::ScopedEnv state("XDG_STATE_HOME", "/var/state");
  lf_test::ScopedEnv config("XDG_CONFIG_HOME", "relative/config");  // ignored: not absolute
  lf_test::ScopedEnv cache("XDG_CACHE_HOME", "");                   // ignored: empty
  lf_test::ScopedEnv runtime("XDG_RUNTIME_DIR", "/run/user/7");
  const auto dirs = lf::core::xdg_from_environment();
  CHECK(dirs.state == "/var/state/lightflow");
  CHECK(dirs.config == "/home/ada/.config/lightflow");
  CHECK(dirs.cache == "/home/ada/.cache/lightflow");
  CHECK(dirs.runtime == "/run/user/7/lightflow");
}

TEST_CASE("the project root is --project, then LIGHTFLOW_PROJECT, then the working directory",
          "[core][config]") {
  lf_test::TempDir a;
  lf_test::TempDir b;
  lf_test::ScopedEnv project("LIGHTFLOW_PROJECT", b.path().c_str());
  lf_test::ScopedEnv uid("LIGHTFLOW_CTX_UID", nullptr);
  auto from_flag = lf::core::config_from_environment(a.path().string());
  REQUIRE(from_flag);
  CHECK(from_flag->project_root == a.path());
  auto from_env = lf::core::config_from_environment(std::nullopt);
  REQUIRE(from_env);
  CHECK(from_env->project_root == b.path());
  auto missing = lf::core::config_from_environment((a / "nope").string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == lf::Code::not_found);
}
