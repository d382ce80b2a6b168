// The manifest as a base plus a journal of patches (manifest_journal.hpp).

#include <filesystem>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "store/run_store.hpp"
#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace fs = std::filesystem;
using lf::core::EventEntry;
using lf::core::EventKind;
using lf::core::NewRun;
using lf::core::RunChanges;
using lf::core::RunManifest;
using lf::core::RunStepRecord;
using lf::core::RunStore;
using lf::core::StepStatus;

namespace {

NewRun run_with_steps(const std::string& id, int steps) {
  NewRun run;
  run.manifest.run_id = id;
  run.manifest.workflow_asset_id = "workflow.sample";
  for (int i = 0; i < steps; ++i) {
    RunStepRecord step;
    step.step_id = "s" + std::to_string(i);
    step.node_or_composition_id = "node.sample";
    step.current.number = 1;
    step.current.cortex.target.name = "openai.chat";
    run.manifest.steps.push_back(std::move(step));
  }
  run.request = boost::json::object{{"workflow_asset_id", "workflow.sample"}};
  run.resolved_workflow = boost::json::object{{"id", "workflow.sample"}};
  return run;
}

// Marks step `index` succeeded, as the scheduler's transitions do (with a log
// entry naming the step).
lf::Result<void> finish_step(const RunStore& store, const std::string& run, int index) {
  auto updated = store.update(run, [index](RunManifest& manifest) -> lf::Result<RunChanges> {
    RunStepRecord& step = manifest.steps[static_cast<std::size_t>(index)];
    step.current.status = StepStatus::succeeded;
    step.current.fingerprint = "fp-" + std::to_string(index);
    return RunChanges{
        true, {EventEntry{EventKind::step_succeeded, step.step_id, std::nullopt}}, {}};
  });
  if (!updated) {
    UNSCOPED_INFO(updated.error().message);
    return lf::fail(std::move(updated).error());
  }
  return {};
}

}  // namespace

TEST_CASE("updates append patches instead of rewriting the manifest", "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(run_with_steps("r1", 50)));
  const fs::path base = store.run_dir("r1") / "manifest.json";
  const std::string first_base = lf_test::read_file(base);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(finish_step(store, "r1", i));
  }
  CHECK(lf_test::read_file(base) == first_base);
  CHECK(fs::file_size(store.run_dir("r1") / "manifest.journal") > 0);
  auto read = store.read("r1");
  REQUIRE(read);
  CHECK(read->steps[4].current.status == StepStatus::succeeded);
  CHECK(read->steps[4].current.fingerprint == "fp-4");
  CHECK(read->steps[5].current.status == StepStatus::planned);
  CHECK(read->last_seq == 5);
}

TEST_CASE("a journal grown past its base is folded into a new base", "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(run_with_steps("r1", 20)));
  const fs::path base = store.run_dir("r1") / "manifest.json";
  const fs::path journal = store.run_dir("r1") / "manifest.journal";
  // The base's text, not its inode: a filesystem may give the new base the
  // number the old one freed.
  const std::string first_base = lf_test::read_file(base);
  // A few hundred small patches outgrow the 64 KiB floor.
  for (int round = 0; round < 400; ++round) {
    REQUIRE(finish_step(store, "r1", round % 20));
  }
  CHECK(lf_test::read_file(base) != first_base);
  CHECK(fs::file_size(journal) < 64 * 1024);
  auto read = store.read("r1");
  REQUIRE(read);
  CHECK(read->last_seq == 400);
  for (const RunStepRecord& step : read->steps) {
    CHECK(step.current.status == StepStatus::succeeded);
  }
}

TEST_CASE("journal lines of an older base and a torn last line are not applied",
          "[core][run_store]") {
  lf_test::TempDir state;
  RunStore store(state.path());
  REQUIRE(store.create(run_with_steps("r1", 3)));
  const fs::path journal = store.run_dir("r1") / "manifest.journal";
  REQUIRE(finish_step(store, "r1", 0));
  const std::string first_generation = lf_test::read_file(journal);

  SECTION("a torn line is ignored by readers and cut off by the next writer") {
    lf_test::write_file(journal, first_generation + R"({"journal_generation":0,"updated_at":)");
    auto read = store.read("r1");
    REQUIRE(read);
    CHECK(read->steps[0].current.status == StepStatus::succeeded);
    REQUIRE(finish_step(store, "r1", 1));
    auto after = store.read("r1");
    REQUIRE(after);
    CHECK(after->steps[1].current.status == StepStatus::succeeded);
    CHECK(lf_test::read_file(journal).find("\"updated_at\":{") == std::string::npos);
  }
  SECTION("lines of an older generation are skipped") {
    // As if a writer died after writing a new base but before emptying the
    // journal: a patch of generation 0 that would undo step 0.
    auto old = boost::json::parse(first_generation).as_object();
    old["steps"].as_array()[0].as_object()["status"] = "planned";
    lf_test::write_file(store.run_dir("r1") / "manifest.json", [&] {
      auto base =
          boost::json::parse(lf_test::read_file(store.run_dir("r1") / "manifest.json")).as_object();
      base["journal_generation"] = 1;
      base["steps"].as_array()[0].as_object()["status"] = "succeeded";
      return boost::json::serialize(base) + "\n";
    }());
    lf_test::write_file(journal, boost::json::serialize(old) + "\n");
    auto read = store.read("r1");
    REQUIRE(read);
    CHECK(read->steps[0].current.status == StepStatus::succeeded);
  }
  SECTION("a damaged whole line is reported as corruption") {
    lf_test::write_file(journal, first_generation + "{not json}\n");
    auto read = store.read("r1");
    REQUIRE_FALSE(read);
    CHECK(read.error().code == lf::Code::corruption);
    CHECK_THAT(read.error().message, Catch::Contains("manifest.journal"));
  }
}
