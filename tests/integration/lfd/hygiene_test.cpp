// What a careless or hostile client meets: bad JSON, huge bodies, the wrong
// content type, path traversal, missing tokens, foreign origins, huge headers.

#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "http_client.hpp"
#include "lfd_server.hpp"
#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

using lfd_test::HttpClient;
using lfd_test::LfdServer;
namespace http = boost::beast::http;

namespace {

std::string error_code_of(const lfd_test::HttpResponse& response) {
  return std::string(response.json().at("error").at("code").as_string());
}

}  // namespace

TEST_CASE("bad JSON is 400, the wrong content type 415, a 20 MB body 413", "[lfd][hygiene]") {
  LfdServer lfd;
  HttpClient client(lfd.port());
  const auto bad = client.post("/runs", "{\"workflow_asset_id\":");
  CHECK(bad.status == 400);
  CHECK(error_code_of(bad) == "invalid_argument");
  const auto shape = client.post("/runs", "[1,2]");
  CHECK(shape.status == 400);
  const auto text = client.post("/runs", "{}", {{"content-type", "text/plain"}});
  CHECK(text.status == 415);
  CHECK(error_code_of(text) == "unsupported_media_type");
  // A POST that needs a body without any content type is 415 too.
  CHECK(client.post("/runs/preview", "", {}).status == 415);

  const std::string huge(20 * 1024 * 1024, 'x');
  HttpClient big(lfd.port());
  const auto too_large = big.post("/runs", huge);
  CHECK(too_large.status == 413);
  CHECK(error_code_of(too_large) == "payload_too_large");
  CHECK_FALSE(too_large.keep_alive);

  // curl sends Expect: 100-continue for a large upload and gets 413 at once.
  lf_test::TempDir dir("lfd-body");
  lf_test::write_file(dir / "body.json", huge);
  const auto curled = lfd_test::curl({"-o",
                                      "/dev/null",
                                      "-w",
                                      "%{http_code}",
                                      "-X",
                                      "POST",
                                      "-H",
                                      "content-type: application/json",
                                      "--data-binary",
                                      "@" + (dir / "body.json").string(),
                                      lfd.url() + "/runs"});
  CHECK(curled.out == "413");
}

TEST_CASE("ids with .., %2e%2e or %2F are refused before they reach the run store",
          "[lfd][hygiene]") {
  LfdServer lfd;
  HttpClient client(lfd.port());
  for (const char* target : {"/runs/..",
                             "/runs/%2e%2e",
                             "/runs/%2E%2E/status",
                             "/runs/a%2Fb",
                             "/runs/..%2F..%2Fetc",
                             "/assets/%2e%2e%2fsecret",
                             "/runs/%00x"}) {
    INFO(target);
    const auto response = client.get(target);
    CHECK(response.status == 400);
    CHECK(error_code_of(response) == "invalid_argument");
  }
  const auto curled = lfd_test::curl(
      {"--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", lfd.url() + "/runs/../etc/passwd"});
  CHECK(curled.out == "400");
}

TEST_CASE("with a token, a request without it or with a wrong one is 401 JSON", "[lfd][auth]") {
  LfdServer lfd(lfd_test::LfdOptions().with_env("LIGHTFLOW_TOKEN", "s3cret-token"));
  HttpClient client(lfd.port());
  const auto missing = client.get("/health");
  CHECK(missing.status == 401);
  CHECK(missing.header("www-authenticate") == "Bearer");
  CHECK(error_code_of(missing) == "unauthorized");
  CHECK(client.get("/health", {{"authorization", "Bearer wrong"}}).status == 401);
  CHECK(client.get("/health", {{"authorization", "Bearer s3cret-token"}}).status == 200);
  const auto curled = lfd_test::curl({"-o",
                                      "/dev/null",
                                      "-w",
                                      "%{http_code}",
                                      "-H",
                                      "Authorization: Bearer s3cret-token",
                                      lfd.url() + "/runs"});
  CHECK(curled.out == "200");
}

TEST_CASE("lfd refuses to listen beyond loopback without a token, or with a wildcard origin",
          "[lfd][auth]") {
  const auto open = lfd_test::run_lfd({"--host", "0.0.0.0", "--port", "0"});
  CHECK(open.exit_code != 0);
  CHECK_THAT(open.err, Catch::Contains("token"));
  const auto wildcard = lfd_test::run_lfd({"--port", "0", "--cors-origin", "*"});
  CHECK(wildcard.exit_code == 2);
  lf_test::TempDir dir("lfd-token");
  lf_test::write_file(dir / "empty", "\n");
  const auto empty = lfd_test::run_lfd({"--port", "0", "--token-file", (dir / "empty").string()});
  CHECK(empty.exit_code != 0);
  CHECK(lfd_test::run_lfd({"--bogus"}).exit_code == 2);
  const auto help = lfd_test::run_lfd({"--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--token-file"));
}

TEST_CASE("only the allowed origin gets CORS headers, and never a wildcard", "[lfd][cors]") {
  LfdServer lfd(lfd_test::LfdOptions().with_args({"--cors-origin", "http://ui.example:8080"}));
  HttpClient client(lfd.port());
  const auto allowed = client.get("/health", {{"origin", "http://ui.example:8080"}});
  CHECK(allowed.header("access-control-allow-origin") == "http://ui.example:8080");
  const auto foreign = client.get("/health", {{"origin", "http://evil.example"}});
  CHECK(foreign.header("access-control-allow-origin").empty());
  const auto preflight = client.request(
      http::verb::options,
      "/runs",
      "",
      {{"origin", "http://ui.example:8080"}, {"access-control-request-method", "POST"}});
  CHECK(preflight.status == 204);
  CHECK(preflight.header("access-control-allow-origin") == "http://ui.example:8080");
  const auto refused =
      client.request(http::verb::options, "/runs", "", {{"origin", "http://evil.example"}});
  CHECK(refused.status == 403);
  CHECK(refused.header("access-control-allow-origin").empty());
}

TEST_CASE("a header larger than the limit is 431", "[lfd][hygiene]") {
  LfdServer lfd;
  HttpClient client(lfd.port());
  const auto response = client.get("/health", {{"x-padding", std::string(40 * 1024, 'p')}});
  CHECK(response.status == 431);
}

TEST_CASE("the Unix socket is private and serves the same routes", "[lfd][unix]") {
  LfdServer lfd(lfd_test::LfdOptions().with_unix_socket());
  const auto socket = lfd.socket_path();
  REQUIRE(std::filesystem::is_socket(socket));
  using std::filesystem::perms;
  CHECK((std::filesystem::status(socket).permissions() & perms::all)
        == (perms::owner_read | perms::owner_write));
  CHECK((std::filesystem::status(socket.parent_path()).permissions() & perms::all)
        == perms::owner_all);
  const auto curled = lfd_test::curl({"--unix-socket", socket.string(), "http://lfd/health"});
  CHECK(boost::json::parse(curled.out).at("state_dir").at("ok") == true);
  CHECK(lfd.wait_for_log(R"("remote":"unix")"));
  REQUIRE(lfd.stop() == 0);
  CHECK_FALSE(std::filesystem::exists(socket));
}
