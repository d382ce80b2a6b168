// Issue 14, the run store: one run id, one incarnation; ids and listings that
// stay valid UTF-8 whatever is on disk; private state directories; bounded
// inputs; requests.jsonl without duplicate lines after a crash.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/base/utf8.hpp>
#include <lightflow/core/run_json.hpp>
#include <lightflow/core/service.hpp>

#include "service_fixture.hpp"
#include "store/run_id.hpp"
#include "store/run_store.hpp"
#include <lf_test/files.hpp>

namespace fs = std::filesystem;
using lf::core::CreateRunRequest;
using lf::core::RequestCopy;
using lf::core::RunStore;

namespace {

struct Fixture : lf_test::ServiceFixture {
  lf::Result<lf::core::RunManifest> create(const std::string& id, const std::string& topic) {
    return create_run(id, topic);
  }
};

unsigned permissions(const fs::path& path) {
  struct stat info {};

  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777U;
}

// Restores the umask a test changed, also when it fails.
struct ScopedUmask {
  mode_t previous;

  explicit ScopedUmask(mode_t mask) : previous(::umask(mask)) {}

  ~ScopedUmask() { ::umask(previous); }
};

std::size_t line_count(const std::string& text) {
  std::size_t lines = 0;
  for (char c : text) {
    lines += c == '\n' ? 1 : 0;
  }
  return lines;
}

}  // namespace

TEST_CASE("issue 14: a run id deleted and created again with other inputs runs its own requests",
          "[core][run_store][issue14]") {
  Fixture f;
  auto old_run = f.create("x", "owls");
  REQUIRE(old_run);
  REQUIRE(f.service.run_submit({"x", "outline", std::nullopt}));
  REQUIRE(f.service.run_delete("x"));
  auto new_run = f.create("x", "bats");
  REQUIRE(new_run);
  CHECK(old_run->incarnation.size() == 8);
  CHECK(new_run->incarnation.size() == 8);
  CHECK(new_run->incarnation != old_run->incarnation);
  const auto& old_request = lf::core::find_step(*old_run, "outline")->current.cortex;
  const auto& new_request = lf::core::find_step(*new_run, "outline")->current.cortex;
  CHECK(new_request.request_id == "x." + new_run->incarnation + ".outline");
  CHECK(new_request.request_id != old_request.request_id);
  // Before incarnations this failed with "already committed" (exit 5).
  auto submitted = f.service.run_submit({"x", "outline", std::nullopt});
  INFO((submitted ? std::string() : submitted.error().message));
  REQUIRE(submitted);
  CHECK(lf_test::read_file(new_request.commit_request).find("bats") != std::string::npos);
  CHECK(lf_test::read_file(old_request.commit_request).find("owls") != std::string::npos);
  // lf ctx api --run-id names the exchange of the run recorded under the id.
  auto exchange = f.service.ctx_exchange(
      lf::core::ExchangeRequest{lf::cortex::TargetKind::api, "openai.chat", "outline", "x"});
  REQUIRE(exchange);
  CHECK(exchange->request_id == new_request.request_id);
}

TEST_CASE("a manifest written before incarnations reads and keeps its request ids",
          "[core][run_store][issue14]") {
  Fixture f;
  auto created = f.create("legacy", "owls");
  REQUIRE(created);
  // Rewrite it as an earlier version did: no incarnation, ids "<run>.<step>".
  const fs::path manifest = f.state() / "runs/legacy/manifest.json";
  auto json = boost::json::parse(lf_test::read_file(manifest)).as_object();
  json.erase("incarnation");
  for (auto& step : json.at("steps").as_array()) {
    auto& cortex = step.as_object().at("cortex").as_object();
    const std::string id = "legacy." + std::string(step.at("step_id").as_string());
    cortex["request_id"] = id;
    cortex["commit_request"] = (f.inbox() / (id + ".req.json")).string();
  }
  lf_test::write_file(manifest, boost::json::serialize(json) + "\n");
  auto read = f.service.run_get("legacy");
  REQUIRE(read);
  CHECK(read->incarnation.empty());
  CHECK(lf::core::to_json(*read).at("incarnation").is_null());
  REQUIRE(f.service.run_submit({"legacy", "outline", std::nullopt}));
  CHECK(fs::exists(f.inbox() / "legacy.outline.req.json"));
}

TEST_CASE("run ids that are not valid UTF-8 are refused with invalid_argument",
          "[core][run_store][issue14]") {
  Fixture f;
  auto created = f.create("bad\xff", "owls");
  REQUIRE_FALSE(created);
  CHECK(created.error().code == lf::Code::invalid_argument);
  CHECK(created.error().message.find("valid UTF-8") != std::string::npos);
  CHECK(created.error().message.find("bad\\xff") != std::string::npos);
  CHECK_FALSE(lf::base::invalid_utf8_offset(created.error().message));
  CHECK(f.service.run_get("\xc3\x28").error().code == lf::Code::invalid_argument);
  CHECK(f.service.run_delete("x\xed\xa0\x80").error().code == lf::Code::invalid_argument);
  // Valid UTF-8 beyond ASCII is a fine id.
  CHECK(f.create("caf\xc3\xa9", "owls"));
}

TEST_CASE("asset ids that are not valid UTF-8 are refused with invalid_argument",
          "[core][run_store][issue14]") {
  Fixture f;
  auto created = f.service.run_create(
      CreateRunRequest{"r", "workflow.\xff", boost::json::object{{"topic", "owls"}}});
  REQUIRE_FALSE(created);
  CHECK(created.error().code == lf::Code::invalid_argument);
  CHECK(created.error().message == "invalid asset id workflow.\\xff (must be valid UTF-8)");
  auto shown = f.service.assets_show("node.\xc3");
  REQUIRE_FALSE(shown);
  CHECK(shown.error().code == lf::Code::invalid_argument);
}

TEST_CASE("a run directory with a name no run can have is a problem shown as valid UTF-8",
          "[core][run_store][issue14]") {
  Fixture f;
  REQUIRE(f.create("good", "owls"));
  const fs::path odd = f.state() / "runs" / "odd\xff\xfe";
  fs::create_directories(odd);
  lf_test::write_file(odd / "manifest.json",
                      lf_test::read_file(f.state() / "runs/good/manifest.json"));
  auto listing = f.service.run_list();
  REQUIRE(listing);
  REQUIRE(listing->runs.size() == 1);
  REQUIRE(listing->problems.size() == 1);
  CHECK(listing->problems[0].run_id == "odd\\xff\\xfe");
  CHECK(listing->problems[0].code == lf::Code::invalid_argument);
  const std::string json = boost::json::serialize(lf::core::to_json(*listing));
  CHECK_FALSE(lf::base::invalid_utf8_offset(json));
  boost::system::error_code ec;
  boost::json::parse(json, ec);  // Boost.JSON refuses invalid UTF-8
  CHECK_FALSE(ec);
}

TEST_CASE("the state directory and runs/ are created 0700 whatever the umask",
          "[core][run_store][issue14]") {
  Fixture f;
  const ScopedUmask loose(022);
  REQUIRE(f.create("r", "owls"));
  CHECK(permissions(f.state()) == 0700);
  CHECK(permissions(f.state() / "runs") == 0700);
  CHECK(permissions(f.state() / "runs/r") == 0700);
  CHECK(permissions(f.state() / "runs/r/outputs") == 0700);
}

TEST_CASE("existing state directories open to others are tightened to 0700",
          "[core][run_store][issue14]") {
  Fixture f;
  fs::create_directories(f.state() / "runs");
  fs::permissions(f.state(), fs::perms(0755));
  fs::permissions(f.state() / "runs", fs::perms(0777));
  REQUIRE(f.create("r", "owls"));
  CHECK(permissions(f.state()) == 0700);
  CHECK(permissions(f.state() / "runs") == 0700);
}

TEST_CASE("run inputs over 1 MiB are refused with a clear error and not stored twice",
          "[core][run_store][issue14]") {
  Fixture f;
  const std::string big(lf::core::kMaxInputsBytes, 'a');
  auto refused = f.create("big", big);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == lf::Code::invalid_argument);
  CHECK(refused.error().message.find("the limit is 1048576 bytes (1 MiB)") != std::string::npos);
  CHECK_FALSE(fs::exists(f.state() / "runs/big"));
  CHECK(f.service
            .run_preview(CreateRunRequest{
                "big", "workflow.outline_draft_review", boost::json::object{{"topic", big}}})
            .error()
            .code
        == lf::Code::invalid_argument);

  const std::string large(lf::core::kMaxInputsBytes / 2, 'b');
  REQUIRE(f.create("large", large));
  const std::string stored = lf_test::read_file(f.state() / "runs/large/request.json");
  CHECK(stored.size() < large.size() + 4096);  // once, not twice
  // The steps still render from the inputs.
  REQUIRE(f.service.run_submit({"large", "outline", std::nullopt}));
}

TEST_CASE("a request copy kept again after a crash is not appended twice",
          "[core][run_store][issue14]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  lf::core::NewRun run;
  run.manifest.run_id = "r";
  run.manifest.workflow_asset_id = "workflow.sample";
  run.request = boost::json::object{};
  run.resolved_workflow = boost::json::object{};
  REQUIRE(store.create(std::move(run)));
  const auto copies = std::vector<RequestCopy>{{"a", 1, "{\"n\":1}"}, {"b", 1, "{\"n\":2}"}};
  REQUIRE(store.keep_requests("r", copies, lf::core::Durability::immediate));
  // A resumed executor (another process: a store with no memory of the file)
  // keeps the same requests again, plus one new one.
  RunStore resumed(state.path());
  auto again = copies;
  again.push_back({"c", 1, "{\"n\":3}"});
  REQUIRE(resumed.keep_requests("r", again, lf::core::Durability::deferred));
  REQUIRE(resumed.keep_requests("r", again, lf::core::Durability::deferred));
  REQUIRE(store.keep_request("r", "c", 1, "{\"n\":3}"));
  // A different body for the same attempt is kept: the newest line wins.
  REQUIRE(store.keep_request("r", "a", 1, "{\"n\":4}"));
  const std::string text = lf_test::read_file(store.requests_path("r"));
  CHECK(line_count(text) == 4);
  auto kept = store.kept_requests("r");
  REQUIRE(kept);
  CHECK(kept->size() == 3);
  CHECK(kept->at({"a", 1}) == "{\"n\":4}");
}

TEST_CASE("a torn request line left by a crash neither hides nor swallows a kept copy",
          "[core][run_store][issue14]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  lf::core::NewRun run;
  run.manifest.run_id = "r";
  run.manifest.workflow_asset_id = "workflow.sample";
  run.request = boost::json::object{};
  run.resolved_workflow = boost::json::object{};
  REQUIRE(store.create(std::move(run)));
  REQUIRE(store.keep_request("r", "a", 1, "{}"));
  std::ofstream(store.requests_path("r"), std::ios::app) << R"({"step_id":"b","attempt":1,"bo)";
  RunStore resumed(state.path());
  REQUIRE(resumed.keep_request("r", "a", 1, "{}"));
  REQUIRE(resumed.keep_request("r", "b", 1, "{}"));
  auto kept = resumed.kept_requests("r");
  REQUIRE(kept);
  CHECK(kept->size() == 2);
  CHECK(line_count(lf_test::read_file(store.requests_path("r"))) == 3);  // a, torn, b
}
