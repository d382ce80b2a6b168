// lfd serving a web UI's files (--static-dir): content types, caching
// headers, index.html for the UI's own routes, API routes first, and no way
// out of the directory.

#include <filesystem>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "http_client.hpp"
#include "lfd_server.hpp"
#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace fs = std::filesystem;
using lfd_test::HttpClient;
using lfd_test::LfdOptions;
using lfd_test::LfdServer;

namespace {

constexpr const char* kIndex = "<!doctype html><title>LightFlow</title><div id=app></div>";
constexpr const char* kScript = "console.log('app');";

// A built UI, and beside it a file and a folder the UI must never expose.
struct Site {
  lf_test::TempDir dir{"lfd-static"};
  fs::path ui = dir.path() / "dist";

  Site() {
    lf_test::write_file(ui / "index.html", kIndex);
    lf_test::write_file(ui / "static" / "app-Bx3k9aQ1.js", kScript);
    lf_test::write_file(ui / "style.css", "body{}");
    lf_test::write_file(dir.path() / "secret.txt", "do not serve");
    lf_test::write_file(dir.path() / "private" / "key.txt", "do not serve either");
    fs::create_symlink(dir.path() / "secret.txt", ui / "leak.txt");
    fs::create_symlink(dir.path() / "private", ui / "escape");
    fs::create_symlink(ui / "style.css", ui / "alias.css");  // stays inside: fine
  }
};

std::string code_of(const lfd_test::HttpResponse& response) {
  return std::string(response.json().at("error").at("code").as_string());
}

}  // namespace

TEST_CASE("a web UI's files are served with their types and caching headers", "[lfd][static]") {
  Site site;
  LfdServer lfd(LfdOptions().with_args({"--static-dir", site.ui.string()}));
  HttpClient client(lfd.port());

  const auto index = client.get("/");
  REQUIRE(index.status == 200);
  CHECK(index.body == kIndex);
  CHECK(index.header("content-type") == "text/html; charset=utf-8");
  CHECK(index.header("cache-control") == "no-cache");
  CHECK_FALSE(index.header("etag").empty());

  const auto script = client.get("/static/app-Bx3k9aQ1.js");
  REQUIRE(script.status == 200);
  CHECK(script.body == kScript);
  CHECK(script.header("content-type") == "text/javascript; charset=utf-8");
  CHECK(script.header("cache-control") == "public, max-age=31536000, immutable");

  const auto style = client.get("/style.css");
  CHECK(style.header("content-type") == "text/css; charset=utf-8");
  CHECK(style.header("cache-control") == "no-cache");
  CHECK(client.get("/LightFlowUI/style.css").body == "body{}");
  CHECK(client.get("/alias.css").body == "body{}");

  // A client that has the file gets 304 and no body.
  const auto again = client.get("/style.css", {{"if-none-match", style.header("etag")}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());

  const auto head = client.request(lfd_test::http::verb::head, "/static/app-Bx3k9aQ1.js");
  CHECK(head.status == 200);
  CHECK(head.header("content-length") == std::to_string(std::string(kScript).size()));
  CHECK(head.body.empty());
}

TEST_CASE("the UI's own routes get index.html; missing files and API paths do not",
          "[lfd][static]") {
  Site site;
  LfdServer lfd(LfdOptions().with_args({"--static-dir", site.ui.string()}));
  HttpClient client(lfd.port());

  const auto route = client.get("/runs-view/42/graph");
  CHECK(route.status == 200);
  CHECK(route.body == kIndex);
  const auto missing = client.get("/static/gone-Ab12Cd34.js");
  CHECK(missing.status == 404);
  CHECK(code_of(missing) == "not_found");

  // API routes keep precedence: a path under an API root is never a file.
  CHECK(client.get("/health").json().at("status").is_string());
  const auto unknown_api = client.get("/runs/r1/nowhere");
  CHECK(unknown_api.status == 404);
  CHECK(code_of(unknown_api) == "route_not_found");
}

TEST_CASE("static paths cannot leave the directory", "[lfd][static]") {
  Site site;
  LfdServer lfd(LfdOptions().with_args({"--static-dir", site.ui.string()}));
  HttpClient client(lfd.port());

  for (const char* target : {"/../secret.txt",
                             "/%2e%2e/secret.txt",
                             "/static/%2E%2E/%2e%2e/secret.txt",
                             "/..%2fsecret.txt",
                             "/LightFlowUI/../secret.txt"}) {
    INFO(target);
    const auto response = client.get(target);
    CHECK(response.status == 400);
    CHECK(response.body.find("do not serve") == std::string::npos);
  }
  // Symbolic links that lead out of the directory are not followed.
  for (const char* target : {"/leak.txt", "/escape/key.txt"}) {
    INFO(target);
    const auto response = client.get(target);
    CHECK(response.status == 404);
    CHECK(response.body.find("do not serve") == std::string::npos);
  }
}

TEST_CASE("with a token, the UI's files are public and the API is not", "[lfd][static][auth]") {
  Site site;
  LfdServer lfd(LfdOptions()
                    .with_args({"--static-dir", site.ui.string()})
                    .with_env("LIGHTFLOW_TOKEN", "s3cret-token"));
  HttpClient client(lfd.port());
  CHECK(client.get("/").status == 200);
  CHECK(client.get("/style.css").status == 200);
  CHECK(client.get("/health").status == 401);
  CHECK(client.get("/runs").status == 401);
}

TEST_CASE("a --static-dir that is not a directory is refused at start", "[lfd][static]") {
  lf_test::TempDir dir("lfd-static-missing");
  const auto result = lfd_test::run_lfd({"--static-dir", (dir.path() / "nope").string()});
  CHECK(result.exit_code != 0);
  CHECK(result.err.find("--static-dir") != std::string::npos);
}
