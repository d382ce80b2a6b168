// Authoring over HTTP against a project of its own: an asset's source with
// its ETag, a PUT guarded by If-Match (412 for a stale hash, 422 and the old
// file kept for a text that does not validate), and POST /assets/validate.

#include <filesystem>
#include <string>

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

// A workflow of two chat steps on the built-in model and node; `step` is the
// step the second one reads.
std::string workflow_text(const std::string& prompt, const std::string& step) {
  return R"(#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "workflow.mine",
    .version = "0.1.0",
    .title = "Mine",
    .kind = Kind::workflow,
    .description = "Two chat steps.",
    .stability = Stability::draft,
};

inline auto define() {
  return workflow(META.id)
      .input(string_field("prompt").describe(")"
         + prompt + R"(").required())
      .required_model("llm.default")
      .api_step("first", "node.chat", "openai.chat")
      .openai_chat("llm.default")
      .user("{{inputs.prompt}}")
      .api_step("second", "node.chat", "openai.chat")
      .after("first")
      .openai_chat("llm.default")
      .user("Better:\n{{steps.)"
         + step + R"(.text}}");
}
)";
}

std::string put_body(const std::string& source, bool with_kind = true) {
  boost::json::object body{{"source", source}};
  if (with_kind) {
    body["kind"] = "workflow";
  }
  return boost::json::serialize(body);
}

}  // namespace

TEST_CASE("an asset's source is written over HTTP only against its current ETag",
          "[lfd][authoring]") {
  lf_test::TempDir project;
  LfdServer lfd(lfd_test::LfdOptions().with_env("LIGHTFLOW_PROJECT", project.path().string()));
  HttpClient client(lfd.port());
  const auto file = project / "assets/workflows/mine.cpp";

  // A new asset: no If-Match.
  const std::string first = workflow_text("What to do.", "first");
  const auto created =
      client.request(http::verb::put, "/assets/workflow.mine/source", put_body(first));
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(created.json().at("written") == true);
  CHECK(lf_test::read_file(file) == first);
  const std::string etag = created.header("etag");
  REQUIRE_FALSE(etag.empty());

  const auto source = client.get("/assets/workflow.mine/source");
  REQUIRE(source.status == 200);
  CHECK(source.header("etag") == etag);
  CHECK(source.json().at("source").as_string() == first);
  CHECK("\"" + std::string(source.json().at("source_hash").as_string()) + "\"" == etag);
  CHECK(client.get("/assets/workflow.nope/source").status == 404);

  // Replacing needs the current ETag; the kind may be left out.
  const std::string second = workflow_text("What to plan.", "first");
  const auto replaced = client.request(http::verb::put,
                                       "/assets/workflow.mine/source",
                                       put_body(second, false),
                                       {{"If-Match", etag}});
  INFO(replaced.body);
  REQUIRE(replaced.status == 200);
  CHECK(lf_test::read_file(file) == second);
  const std::string now = replaced.header("etag");
  CHECK(now != etag);

  // The old ETag is stale now: 412, the file unchanged.
  const auto stale = client.request(http::verb::put,
                                    "/assets/workflow.mine/source",
                                    put_body(workflow_text("Stale.", "first")),
                                    {{"If-Match", etag}});
  CHECK(stale.status == 412);
  CHECK(stale.json().at("error").at("code") == "failed_precondition");
  CHECK(lf_test::read_file(file) == second);
  // Without If-Match an existing file is not overwritten either.
  CHECK(client.request(http::verb::put, "/assets/workflow.mine/source", put_body(first)).status
        == 412);

  // A text that does not validate: 422 with the report, the file kept.
  const auto invalid = client.request(http::verb::put,
                                      "/assets/workflow.mine/source",
                                      put_body(workflow_text("Bad.", "nope")),
                                      {{"If-Match", now}});
  INFO(invalid.body);
  REQUIRE(invalid.status == 422);
  CHECK(invalid.json().at("written") == false);
  CHECK_THAT(std::string(invalid.json().at("check").at("issues").at(0).as_string()),
             Catch::Contains("nope"));
  CHECK(lf_test::read_file(file) == second);
  CHECK(client.get("/assets/workflow.mine/source").header("etag") == now);
}

TEST_CASE("POST /assets/validate checks a proposed text and writes nothing", "[lfd][authoring]") {
  lf_test::TempDir project;
  LfdServer lfd(lfd_test::LfdOptions().with_env("LIGHTFLOW_PROJECT", project.path().string()));
  HttpClient client(lfd.port());
  const auto proposal = [](const std::string& source) {
    return boost::json::serialize(
        boost::json::object{{"kind", "workflow"}, {"id", "workflow.mine"}, {"source", source}});
  };
  const auto good = client.post("/assets/validate", proposal(workflow_text("Go.", "first")));
  INFO(good.body);
  REQUIRE(good.status == 200);
  CHECK(good.json().at("ok") == true);
  const auto bad = client.post("/assets/validate", proposal(workflow_text("Go.", "nope")));
  REQUIRE(bad.status == 200);
  CHECK(bad.json().at("ok") == false);
  CHECK_FALSE(bad.json().at("issues").as_array().empty());
  CHECK_FALSE(std::filesystem::exists(project / "assets/workflows/mine.cpp"));
  CHECK(client.post("/assets/validate", R"({"kind":"workflow"})").status == 400);
  CHECK(client.post("/assets/validate", "x", {{"content-type", "text/plain"}}).status == 415);
}
