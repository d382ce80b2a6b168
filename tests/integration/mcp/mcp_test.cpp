// lf-mcp with real clients. Each case mounts a real ctxfs (offline provider)
// on a temporary directory, copies the project's assets into a temporary
// project, and runs one node script (tests/integration/mcp/*.mjs) that drives
// lf-mcp over stdio, or lfd's POST /mcp, and prints "ok <n> checks" or the
// failures. The npm clients are installed into the build tree on first use.

#include <unistd.h>

#include <filesystem>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include "lfd_server.hpp"
#include <lf_test/npm.hpp>
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

// The npm packages' folder, or exit 77 (skipped) without node 20 or npm: the
// legacy-era SDK 1.x and the dual-era client 2.x (which needs node 20), and
// ajv to check structuredContent against each tool's outputSchema.
std::string npm_dir() {
  const auto dir = lf_test::env_value("MCP_NPM_DIR");
  REQUIRE(dir);
  const std::string failure = lf_test::install_npm_packages(
      *dir,
      20,
      {"@modelcontextprotocol/sdk@1.32.2", "@modelcontextprotocol/client@2.4.0", "ajv@8.20.0"});
  INFO(failure);
  REQUIRE(failure.empty());
  return *dir;
}

// A project, state directories and a ctxfs mount of one test.
class McpWorld {
 public:
  McpWorld() {
    std::filesystem::copy(*lf_test::env_value("LF_SOURCE_DIR") + "/assets",
                          project_ / "assets",
                          std::filesystem::copy_options::recursive);
  }

  std::map<std::string, std::optional<std::string>> env() const {
    return {{"LF_MCP_BIN", lf_test::binary_from_env("LF_MCP_BIN").string()},
            {"MCP_NPM_DIR", npm_},
            {"LIGHTFLOW_PROJECT", project_.path().string()},
            {"LIGHTFLOW_CTX_MOUNT", mount_.root().string()},
            {"LIGHTFLOW_CTX_UID", std::to_string(::getuid())},
            {"XDG_STATE_HOME", (dir_ / "state").string()},
            {"XDG_CACHE_HOME", (dir_ / "cache").string()},
            {"XDG_CONFIG_HOME", (dir_ / "config").string()},
            {"XDG_RUNTIME_DIR", (dir_ / "runtime").string()}};
  }

  const std::filesystem::path& project() const { return project_.path(); }

  const ctxfs_test::CtxfsMount& mount() const { return mount_; }

 private:
  std::string npm_ = npm_dir();
  lf_test::TempDir dir_{"mcp-it"};
  lf_test::TempDir project_{"mcp-project"};
  ctxfs_test::CtxfsMount mount_;
};

// Runs tests/integration/mcp/<script> with `args`; checks it passed.
void run_script(const McpWorld& world,
                const std::string& script,
                std::vector<std::string> args = {},
                std::map<std::string, std::optional<std::string>> env = {}) {
  std::vector<std::string> argv{lfd_test::find_program("node"),
                                *lf_test::env_value("MCP_TEST_DIR") + "/" + script};
  argv.insert(argv.end(), args.begin(), args.end());
  lf_test::ProcessOptions options;
  options.env = world.env();
  options.env.merge(env);
  options.timeout = std::chrono::minutes(4);
  const auto result = lf_test::run_process(argv, options);
  INFO(script << " stdout:\n" << result.out << "\nstderr:\n" << result.err);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Catch::Contains(" 0 failed"));
}

}  // namespace

TEST_CASE("lf-mcp answers malformed, batched, unknown and oversized messages on a raw pipe",
          "[mcp][stdio]") {
  ctxfs_test::skip_unless_fuse();
  McpWorld world;
  run_script(world, "raw_pipe.mjs");
}

TEST_CASE("the legacy SDK client lists and calls every lf-mcp tool over stdio", "[mcp][sdk]") {
  ctxfs_test::skip_unless_fuse();
  McpWorld world;
  run_script(world, "sdk_legacy.mjs");
}

TEST_CASE("the dual-era client drives lf-mcp in the 2026-07-28 revision and in auto mode",
          "[mcp][client]") {
  ctxfs_test::skip_unless_fuse();
  McpWorld world;
  run_script(world, "client_modern.mjs");
}

TEST_CASE("lfd serves the same MCP server at POST /mcp behind its bearer token", "[mcp][lfd]") {
  ctxfs_test::skip_unless_fuse();
  McpWorld world;
  lfd_test::LfdServer lfd(lfd_test::LfdOptions()
                              .with_mount(world.mount().root())
                              .with_env("LIGHTFLOW_TOKEN", "mcp-token")
                              .with_env("LIGHTFLOW_PROJECT", world.project().string()));
  run_script(world, "http_lfd.mjs", {lfd.url(), "mcp-token"});
}

TEST_CASE(
    "an agent writes a three-step workflow through lf-mcp, fixes its mistake, runs and "
    "reruns it",
    "[mcp][e2e]") {
  ctxfs_test::skip_unless_fuse();
  McpWorld world;
  run_script(world, "agent_e2e.mjs");
}

TEST_CASE("lf-mcp --help and --version print to stdout and exit 0", "[mcp][smoke]") {
  const std::string program = lf_test::binary_from_env("LF_MCP_BIN").string();
  const auto help = lf_test::run_process({program, "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--project"));
  const auto version = lf_test::run_process({program, "--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out == "lf-mcp " + *lf_test::env_value("LF_EXPECTED_VERSION") + "\n");
  const auto wrong = lf_test::run_process({program, "--bogus"});
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.out.empty());
  const auto missing = lf_test::run_process({program, "--project", "/nonexistent/project"});
  CHECK(missing.exit_code != 0);
  CHECK(missing.out.empty());
  CHECK_THAT(missing.err, Catch::StartsWith("lf-mcp: "));
}
