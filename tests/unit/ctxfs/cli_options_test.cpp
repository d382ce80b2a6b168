// Command-line parsing of ctxfs.

#include "cli_options.hpp"

#include <cstdlib>

#include <catch2/catch.hpp>

using namespace lf::ctxfs;

TEST_CASE("mount takes a directory and defaults the rest from XDG", "[ctxfs][cli]") {
  ::setenv("XDG_STATE_HOME", "/x/state", 1);
  ::setenv("XDG_CONFIG_HOME", "/x/config", 1);
  auto command = parse_command_line({"mount", "/mnt/ctx", "--multi-user", "--timeout-ms", "900"});
  REQUIRE(command);
  CHECK(command->action == CliAction::mount);
  CHECK(command->config.mount_point == "/mnt/ctx");
  CHECK(command->config.state_dir == "/x/state/cortexfs");
  CHECK(command->config.config_dir == "/x/config/cortexfs");
  CHECK(command->config.multi_user);
  CHECK_FALSE(command->config.daemonize);
  CHECK(command->config.timeouts.total.count() == 900);
  CHECK(parse_command_line({"mount"})->config.mount_point == "/ctx");
}

TEST_CASE("unknown flags, missing values and extra arguments are errors", "[ctxfs][cli]") {
  CHECK_FALSE(parse_command_line({"--nope"}));
  CHECK_FALSE(parse_command_line({"mount", "/a", "--state-dir"}));
  CHECK_FALSE(parse_command_line({"mount", "/a", "/b"}));
  CHECK_FALSE(parse_command_line({"umount"}));
  CHECK_FALSE(parse_command_line({"mount", "/a", "--workers", "0"}));
  CHECK(parse_command_line({"--version"})->action == CliAction::version);
  CHECK(parse_command_line({"--help"})->action == CliAction::help);
}
