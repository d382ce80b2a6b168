#include <unistd.h>

#include <cstdlib>

#include <catch2/catch.hpp>

#include <lightflow/cortex/home.hpp>

#include <lf_test/scoped_env.hpp>

TEST_CASE("the default CortexFS home is /ctx and the real uid", "[cortex][home]") {
  lf_test::ScopedEnv mount("LIGHTFLOW_CTX_MOUNT", nullptr);
  lf_test::ScopedEnv uid("LIGHTFLOW_CTX_UID", nullptr);
  auto layout = lf::cortex::layout_from_environment();
  REQUIRE(layout);
  CHECK(layout->mount() == "/ctx");
  CHECK(layout->uid() == getuid());
}

TEST_CASE("LIGHTFLOW_CTX_MOUNT and LIGHTFLOW_CTX_UID override the home", "[cortex][home]") {
  lf_test::ScopedEnv mount("LIGHTFLOW_CTX_MOUNT", "/tmp/sandbox/ctx");
  lf_test::ScopedEnv uid("LIGHTFLOW_CTX_UID", "1000");
  auto layout = lf::cortex::layout_from_environment();
  REQUIRE(layout);
  CHECK(layout->home() == "/tmp/sandbox/ctx/home/1000");
}

TEST_CASE("a bad LIGHTFLOW_CTX_UID is an error with or without a mount override",
          "[cortex][home]") {
  for (const char* mount_value : {static_cast<const char*>(nullptr), "/tmp/m"}) {
    lf_test::ScopedEnv mount("LIGHTFLOW_CTX_MOUNT", mount_value);
    for (const char* bad : {"abc", "-1", "", "12x", "4294967295", "99999999999"}) {
      INFO(bad);
      lf_test::ScopedEnv uid("LIGHTFLOW_CTX_UID", bad);
      auto layout = lf::cortex::layout_from_environment();
      REQUIRE_FALSE(layout);
      CHECK(layout.error().code == lf::Code::invalid_argument);
      CHECK_THAT(layout.error().message, Catch::StartsWith("invalid LIGHTFLOW_CTX_UID: "));
    }
  }
}
