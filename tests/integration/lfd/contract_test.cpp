// The OpenAPI contract: Redocly CLI lints openapi/lightflow.yaml, and an
// ajv-based check (tests/integration/lfd/contract.mjs) drives a real lfd
// through every operation and validates every JSON body against the schemas.
// The npm tools are installed into the build tree on first use.

#include <filesystem>

#include <catch2/catch.hpp>

#include "lfd_server.hpp"
#include <lf_test/npm.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

struct NpmTools {
  std::string node;
  std::filesystem::path dir;
};

// The tools, or exit 77 (skipped) when node and npm are not installed:
// Redocly CLI (OpenAPI lint), ajv + ajv-formats (JSON Schema 2020-12) and
// swagger-parser (resolves the document's $refs).
NpmTools npm_tools() {
  const auto dir = lf_test::env_value("LFD_NPM_DIR");
  REQUIRE(dir);
  const std::string failure = lf_test::install_npm_packages(*dir,
                                                            18,
                                                            {"@redocly/cli@2.77.0",
                                                             "ajv@8.20.0",
                                                             "ajv-formats@3.0.1",
                                                             "@apidevtools/swagger-parser@12.1.0"});
  INFO(failure);
  REQUIRE(failure.empty());
  return {lfd_test::find_program("node"), *dir};
}

std::string source_file(const std::string& relative) {
  return *lf_test::env_value("LF_SOURCE_DIR") + "/" + relative;
}

}  // namespace

TEST_CASE("openapi/lightflow.yaml lints clean with Redocly CLI", "[lfd][contract]") {
  const NpmTools tools = npm_tools();
  lf_test::ProcessOptions options;
  options.timeout = std::chrono::minutes(2);
  // Redocly reads openapi/.redocly.lint-ignore.yaml from its working directory.
  options.cwd = std::filesystem::path(source_file("openapi"));
  const auto lint = lf_test::run_process({(tools.dir / "node_modules/.bin/redocly").string(),
                                          "lint",
                                          "--format",
                                          "stylish",
                                          source_file("openapi/lightflow.yaml")},
                                         options);
  INFO(lint.out << lint.err);
  CHECK(lint.exit_code == 0);
  // Clean means no warnings either.
  CHECK(lint.out.find("warning") == std::string::npos);
}

TEST_CASE("every lfd response body matches the OpenAPI schema of its status", "[lfd][contract]") {
  const NpmTools tools = npm_tools();
  // A copy of the project's assets: the authoring routes write into it.
  lf_test::TempDir project;
  std::filesystem::copy(
      source_file("assets"), project / "assets", std::filesystem::copy_options::recursive);
  lfd_test::LfdServer lfd(lfd_test::LfdOptions()
                              .with_env("LIGHTFLOW_TOKEN", "contract-token")
                              .with_env("LIGHTFLOW_PROJECT", project.path().string()));
  // For the 503 answers: no CortexFS, no compiler, no executions.
  lfd_test::LfdServer degraded(lfd_test::LfdOptions()
                                   .with_args({"--max-executions", "0"})
                                   .with_env("LIGHTFLOW_TOKEN", "contract-token")
                                   .with_env("LIGHTFLOW_PROJECT", project.path().string())
                                   .with_env("LIGHTFLOW_CTX_MOUNT", (project / "no-ctx").string())
                                   .with_env("LIGHTFLOW_CXX", "/nonexistent/c++"));
  lf_test::ProcessOptions options;
  options.timeout = std::chrono::minutes(3);
  const auto check = lf_test::run_process({tools.node,
                                           source_file("tests/integration/lfd/contract.mjs"),
                                           tools.dir.string(),
                                           source_file("openapi/lightflow.yaml"),
                                           lfd.url(),
                                           "contract-token",
                                           degraded.url(),
                                           (lfd.dir() / "state" / "lightflow").string(),
                                           std::to_string(lfd.pid())},
                                          options);
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Catch::Contains(" 0 failed"));
  // Stopped with a wait pending, lfd still exits cleanly.
  CHECK(lfd.stop() == 0);
}
