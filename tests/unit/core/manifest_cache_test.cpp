// The run store's manifest cache: a run read again shows every change made
// since, by this process or another, and the cache stays bounded.

#include "store/manifest_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/core/run_json.hpp>

#include "sample_run.hpp"
#include "store/run_store.hpp"
#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace fs = std::filesystem;
using lf::core::CachedManifest;
using lf::core::EventEntry;
using lf::core::EventKind;
using lf::core::FileStamp;
using lf::core::ManifestCache;
using lf::core::NewRun;
using lf::core::RunChanges;
using lf::core::RunManifest;
using lf::core::RunStore;

using lf_test::sample_run;

namespace {

// An update as an executor makes one: an event, so the seq moves on.
lf::Result<RunManifest> start_run(const RunStore& store) {
  return store.update("r1", [&](RunManifest&) -> lf::Result<RunChanges> {
    return RunChanges{true, {EventEntry{EventKind::run_started, std::nullopt, std::nullopt}}, {}};
  });
}

RunManifest read_run(const RunStore& store) {
  auto manifest = store.read("r1");
  REQUIRE(manifest);
  return *manifest;
}

std::string workflow_of(const RunStore& store) {
  return read_run(store).workflow_asset_id;
}

}  // namespace

TEST_CASE("a run read again shows an update made by another process", "[core][manifest_cache]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  const std::uint64_t created_seq = read_run(store).last_seq;  // now cached
  CHECK(read_run(store).last_seq == created_seq);

  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Another process with a store of its own.
    ::_exit(start_run(RunStore(state.path())) ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  CHECK(read_run(store).last_seq == created_seq + 1);

  // And through another store of this process, and a cancel.
  REQUIRE(RunStore(state.path()).update("r1", [](RunManifest& manifest) -> lf::Result<RunChanges> {
    manifest.cancelled = true;
    return RunChanges{true, {EventEntry{EventKind::run_cancelled, std::nullopt, std::nullopt}}, {}};
  }));
  const RunManifest after = read_run(store);
  CHECK(after.last_seq == created_seq + 2);
  CHECK(after.cancelled);
}

TEST_CASE("a manifest replaced with one of the same size and time is read again",
          "[core][manifest_cache]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  CHECK(workflow_of(store) == "workflow.sample");

  // What a writer does, but keeping the size and the modification time: only
  // the new file's identity tells the versions apart.
  const fs::path manifest = store.run_dir("r1") / "manifest.json";
  std::string text = lf_test::read_file(manifest);
  const auto at = text.find("workflow.sample");
  REQUIRE(at != std::string::npos);
  text.replace(at, 15, "workflow.sampla");

  struct stat before {};

  REQUIRE(::stat(manifest.c_str(), &before) == 0);
  const fs::path staged = store.run_dir("r1") / "manifest.json.new";
  lf_test::write_file(staged, text);
  const timespec times[2] = {before.st_atim, before.st_mtim};
  REQUIRE(::utimensat(AT_FDCWD, staged.c_str(), times, 0) == 0);
  fs::rename(staged, manifest);

  CHECK(workflow_of(store) == "workflow.sampla");
}

TEST_CASE("a run deleted and created again is read anew", "[core][manifest_cache]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  CHECK(workflow_of(store) == "workflow.sample");
  REQUIRE(store.remove("r1"));
  NewRun again = sample_run("r1");
  again.manifest.workflow_asset_id = "workflow.second";
  REQUIRE(store.create(std::move(again)));
  CHECK(workflow_of(store) == "workflow.second");
}

TEST_CASE("the manifest cache keeps the most recently used entries only",
          "[core][manifest_cache]") {
  ManifestCache cache(2);
  const FileStamp stamp{1, 2, 3, 4};
  const auto entry = [&](const std::string& id) {
    CachedManifest cached;
    cached.manifest.run_id = id;
    cached.stamp = stamp;
    return std::make_shared<const CachedManifest>(cached);
  };
  cache.remember("/a", entry("a"));
  cache.remember("/b", entry("b"));
  REQUIRE(cache.find("/a", stamp, {}));  // a is now the most recent
  cache.remember("/c", entry("c"));
  CHECK(cache.size() == 2);
  CHECK(cache.find("/b", stamp, {}) == nullptr);
  CHECK(cache.find("/a", stamp, {}) != nullptr);
  CHECK(cache.find("/c", stamp, {}) != nullptr);
  // Another stamp is another version of the file.
  CHECK(cache.find("/c", FileStamp{1, 2, 3, 5}, {}) == nullptr);
}

TEST_CASE("a run's JSON text is the manifest's JSON and follows another process's update",
          "[core][manifest_cache]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(sample_run("r1")));
  const auto text = store.read_json("r1");
  REQUIRE(text);
  CHECK(**text == boost::json::serialize(lf::core::to_json(read_run(store))));
  const auto again = store.read_json("r1");
  REQUIRE(again);
  CHECK(again->get() == text->get());  // unchanged: one shared text

  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::_exit(start_run(RunStore(state.path())) ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  const auto after = store.read_json("r1");
  REQUIRE(after);
  CHECK(**after != **text);
  CHECK(**after == boost::json::serialize(lf::core::to_json(read_run(store))));
  CHECK(boost::json::parse(**after).at("last_seq") == read_run(store).last_seq);
  CHECK(store.read_json("missing").error().code == lf::Code::not_found);
}
