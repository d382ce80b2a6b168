#include "store/run_store.hpp"

#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "sample_run.hpp"
#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace fs = std::filesystem;
using lf::core::EventEntry;
using lf::core::EventKind;
using lf::core::NewRun;
using lf::core::RunChanges;
using lf::core::RunManifest;
using lf::core::RunStore;

using lf_test::sample_run;

namespace {

std::vector<boost::json::value> lines_of(const std::string& text) {
  std::vector<boost::json::value> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    boost::system::error_code ec;
    auto value = boost::json::parse(text.substr(start, end - start), ec);
    if (!ec) {
      out.push_back(value);
    }
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("creating a run publishes all of its files at once", "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  auto created = store.create(sample_run("r1"));
  REQUIRE(created);
  for (const char* name : {"manifest.json",
                           "request.json",
                           "resolved_workflow.json",
                           "events.jsonl",
                           "trace.jsonl",
                           "outputs"}) {
    CHECK(fs::exists(store.run_dir("r1") / name));
  }
  CHECK(created->manifest.created_at.size() == 24);  // 2026-11-25T07:48:28.123Z
  CHECK(created->manifest.last_seq == 1);
  // The version it returns is the file on disk, until someone else writes it.
  CHECK(lf::core::file_stamp(store.run_dir("r1") / "manifest.json") == created->stamp);
  auto read = store.read("r1");
  REQUIRE(read);
  CHECK(read->workflow_asset_id == "workflow.sample");
  CHECK(fs::directory_iterator(store.runs_dir())->path().filename() == "r1");
}

TEST_CASE("a second create of the same id is already_exists and leaves the first run intact",
          "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  NewRun again = sample_run("r1");
  again.manifest.workflow_asset_id = "workflow.other";
  auto second = store.create(std::move(again));
  REQUIRE_FALSE(second);
  CHECK(second.error().code == lf::Code::already_exists);
  CHECK(second.error().message == "run r1 already exists");
  CHECK(second.error().subject == lf::Subject::run);
  CHECK(store.read("r1")->workflow_asset_id == "workflow.sample");
}

TEST_CASE("of many concurrent creates of one id exactly one wins", "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  std::atomic<int> wins{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      RunStore mine(state.path());
      auto created = mine.create(sample_run("same"));
      (created ? wins : conflicts)++;
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  CHECK(wins == 1);
  CHECK(conflicts == 15);
  auto listing = store.list();
  CHECK(listing.runs.size() == 1);
  CHECK(listing.problems.empty());
}

TEST_CASE("an abandoned staging directory is not listed and is cleaned up by the next create",
          "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  // pid 999999999 does not exist, so its staging directory is abandoned.
  const fs::path stale = store.runs_dir() / ".creating-999999999-0123456789abcdef";
  lf_test::write_file(stale / "request.json", "{}");
  CHECK(store.list().runs.empty());
  CHECK(store.list().problems.empty());
  REQUIRE(store.create(sample_run("r1")));
  CHECK_FALSE(fs::exists(stale));
}

TEST_CASE("a run whose manifest does not parse is reported as a problem, not a failure",
          "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("good")));
  lf_test::write_file(store.run_dir("bad") / "manifest.json", "{\"run_id\": ");
  lf_test::write_file(store.runs_dir() / "notes.txt", "not a run");
  lf_test::write_file(store.run_dir("copied") / "manifest.json",
                      lf_test::read_file(store.run_dir("good") / "manifest.json"));
  auto listing = store.list();
  REQUIRE(listing.runs.size() == 1);
  CHECK(listing.runs[0].run_id == "good");
  REQUIRE(listing.problems.size() == 2);
  CHECK(listing.problems[0].run_id == "bad");
  CHECK(listing.problems[0].code == lf::Code::corruption);
  CHECK(listing.problems[1].run_id == "copied");
  CHECK(listing.problems[1].message.find("names run good") != std::string::npos);
}

TEST_CASE("updates from many threads are all kept, each with its own seq", "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  constexpr int kWriters = 8;
  constexpr int kUpdates = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kWriters; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kUpdates; ++i) {
        auto updated = store.update("r1", [&](RunManifest& manifest) -> lf::Result<RunChanges> {
          manifest.workflow_asset_id = "writer-" + std::to_string(t);
          return RunChanges{
              true, {EventEntry{EventKind::run_started, std::nullopt, std::nullopt}}, {}};
        });
        REQUIRE(updated);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  auto manifest = store.read("r1");
  REQUIRE(manifest);
  CHECK(manifest->last_seq == 1 + kWriters * kUpdates);
  auto events = lines_of(*store.read_log("r1", "events.jsonl"));
  REQUIRE(events.size() == 1 + kWriters * kUpdates);
  std::set<std::uint64_t> seqs;
  for (const auto& line : events) {
    seqs.insert(line.at("seq").to_number<std::uint64_t>());
  }
  CHECK(seqs.size() == events.size());
  CHECK(*seqs.rbegin() == manifest->last_seq);
}

TEST_CASE("an update that fails writes nothing", "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  const std::string before = lf_test::read_file(store.run_dir("r1") / "manifest.json");
  auto updated = store.update("r1", [](RunManifest& manifest) -> lf::Result<RunChanges> {
    manifest.cancelled = true;
    return lf::fail(lf::Code::conflict, "no");
  });
  CHECK_FALSE(updated);
  CHECK(lf_test::read_file(store.run_dir("r1") / "manifest.json") == before);
}

TEST_CASE("deleting a run removes it and frees its id", "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  REQUIRE(store.remove("r1"));
  CHECK_FALSE(fs::exists(store.run_dir("r1")));
  CHECK(store.read("r1").error().code == lf::Code::not_found);
  CHECK(store.remove("r1").error().code == lf::Code::not_found);
  CHECK(store.create(sample_run("r1")));
  CHECK(store.update("gone", [](RunManifest&) -> lf::Result<RunChanges> { return RunChanges{}; })
            .error()
            .code
        == lf::Code::not_found);
}

TEST_CASE("a torn last log line stays apart from the lines appended after it",
          "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  const fs::path events = store.run_dir("r1") / "events.jsonl";
  lf_test::write_file(events, lf_test::read_file(events) + "{\"seq\":2,\"ti");
  REQUIRE(store.update("r1", [](RunManifest&) -> lf::Result<RunChanges> {
    return RunChanges{true, {EventEntry{EventKind::run_started, std::nullopt, std::nullopt}}, {}};
  }));
  auto lines = lines_of(lf_test::read_file(events));
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].at("event") == "run.started");
}

TEST_CASE("temp files of a writer killed mid-update are removed by the next update",
          "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  const fs::path stray = store.run_dir("r1") / ".manifest.json.123-00ff.tmp";
  lf_test::write_file(stray, "{\"half\":");
  REQUIRE(store.update("r1", [](RunManifest&) -> lf::Result<RunChanges> { return RunChanges{}; }));
  CHECK_FALSE(fs::exists(stray));
  CHECK(store.read("r1"));
}
