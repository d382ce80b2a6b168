// Running workflows to the end with the offline provider behind a real mount.

#include <catch2/catch.hpp>

#include "lf_exec.hpp"

using ctxfs_test::CtxfsMount;
using exec_test::Lf;

TEST_CASE("a fan-out workflow runs to success through a real ctxfs mount", "[exec]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  Lf lf(mount);
  const auto result = lf.run({"run",
                              "exec",
                              "workflow.parallel_angles",
                              "--id",
                              "fan",
                              "--inputs",
                              R"({"question":"Is FUSE fast enough?"})"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  // Both branches were in flight before the merge started.
  CHECK(Lf::events(result.out, "step.submitted").size() == 3);
  CHECK(Lf::events(result.out, "step.succeeded").size() == 3);
  CHECK(Lf::events(result.out, "run.succeeded").size() == 1);
  const auto manifest = lf.json({"run", "get", "fan"});
  for (const char* step : {"optimist", "sceptic", "merge"}) {
    CHECK(exec_test::step_status(manifest, step) == "succeeded");
  }
  // The merge step read both earlier answers.
  const auto merge = lf.json({"run", "output", "fan", "merge", "--json"});
  CHECK_THAT(std::string(merge.at("text").as_string()), Catch::Contains("Optimist"));
  const auto status = lf.json({"run", "status", "fan", "--json"});
  CHECK(status.at("status") == "succeeded");
}

TEST_CASE("a rerun with one changed input recomputes only the steps that depend on it",
          "[exec][cache]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  Lf lf(mount);
  REQUIRE(lf.run({"run",
                  "exec",
                  "workflow.outline_draft_review",
                  "--id",
                  "first",
                  "--inputs",
                  R"({"topic":"page caches","words":300})"})
              .exit_code
          == 0);
  // `words` is read by the draft only; the outline is unchanged.
  const auto rerun =
      lf.run({"run", "rerun", "first", "--id", "second", "--inputs", R"({"words":500})"});
  INFO(rerun.err);
  REQUIRE(rerun.exit_code == 0);
  CHECK(Lf::events(rerun.out, "step.cached", "outline").size() == 1);
  CHECK(Lf::events(rerun.out, "step.submitted", "outline").empty());
  for (const char* step : {"draft", "review-critique", "review-revise"}) {
    CHECK(Lf::events(rerun.out, "step.submitted", step).size() == 1);
  }
  const auto second = lf.json({"run", "get", "second"});
  // The sources the cache keys use are recorded when the run is planned.
  const auto& hashes = second.at("source_hashes").as_object();
  CHECK(hashes.contains("workflow.outline_draft_review"));
  CHECK(hashes.contains("node.llm_prompt"));
  const auto& outline = exec_test::step_record(second, "outline");
  CHECK(outline.at("cached_from").as_object().at("run_id") == "first");

  const auto diff = lf.json({"run", "diff", "first", "second"});
  REQUIRE(diff.at("inputs").as_array().size() == 1);
  CHECK(diff.at("inputs").as_array()[0].as_object().at("name") == "words");
  // The outline's request is the same; the draft's names the new word count,
  // and the reviews read the new draft.
  for (const auto& step : diff.at("steps").as_array()) {
    const auto& fields = step.as_object();
    INFO(fields.at("step_id"));
    CHECK(fields.at("request_changed").as_bool() == (fields.at("step_id") != "outline"));
  }

  // Nothing changed: every step comes from cache; --no-cache commits them all.
  const auto same = lf.run({"run", "rerun", "first", "--id", "third"});
  REQUIRE(same.exit_code == 0);
  CHECK(Lf::events(same.out, "step.cached").size() == 4);
  CHECK(Lf::events(same.out, "step.submitted").empty());
  const auto forced = lf.run({"run", "rerun", "first", "--id", "fourth", "--no-cache"});
  REQUIRE(forced.exit_code == 0);
  CHECK(Lf::events(forced.out, "step.submitted").size() == 4);

  // A cached step shares the first run's answer file instead of copying it,
  // and keeps it when the first run is deleted.
  const auto first = lf.json({"run", "get", "first"});
  const auto third = lf.json({"run", "get", "third"});
  for (const char* step : {"outline", "draft", "review-critique", "review-revise"}) {
    INFO(step);
    const auto original =
        exec_test::inode_of(exec_test::step_record(first, step).at("response_path"));
    CHECK(original != 0);
    CHECK(original == exec_test::inode_of(exec_test::step_record(third, step).at("response_path")));
  }
  REQUIRE(lf.run({"run", "delete", "first"}).exit_code == 0);
  const auto kept = lf.json({"run", "output", "third", "outline", "--json"});
  CHECK_THAT(std::string(kept.at("text").as_string()), Catch::Contains("offline"));
}

TEST_CASE("lf run start returns at once and lf run wait gives the result", "[exec][detached]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  Lf lf(mount);
  const auto started = lf.json({"run",
                                "start",
                                "workflow.text_plan",
                                "--id",
                                "bg",
                                "--inputs",
                                R"({"prompt":"plan the migration"})"});
  CHECK(started.at("run_id") == "bg");
  const auto waited = lf.run({"run", "wait", "bg", "--timeout", "30"});
  INFO(waited.err);
  CHECK(waited.exit_code == 0);
  CHECK(boost::json::parse(waited.out).as_object().at("status") == "succeeded");
  CHECK(exec_test::step_status(lf.json({"run", "get", "bg"}), "draft") == "succeeded");
}
