#include "planning/source_hashes.hpp"

#include <catch2/catch.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

using lf::core::hash_sources;
using lf::core::RunStepRecord;
using lf::core::SourcePaths;

TEST_CASE("source hashes cover the workflow and the nodes its steps call", "[core]") {
  lf_test::TempDir dir;
  lf_test::write_file(dir / "flow.cpp", "workflow source");
  lf_test::write_file(dir / "node.cpp", "node source");
  lf_test::write_file(dir / "other.cpp", "unused node");
  const SourcePaths paths{{"workflow.flow", (dir / "flow.cpp").string()},
                          {"node.used", (dir / "node.cpp").string()},
                          {"node.unused", (dir / "other.cpp").string()}};
  RunStepRecord step;
  step.node_or_composition_id = "node.used";
  const auto before = hash_sources(paths, "workflow.flow", {step, step});
  REQUIRE(before.size() == 2);
  CHECK(before.count("node.unused") == 0);
  CHECK(before.at("workflow.flow") != before.at("node.used"));

  // Editing the node changes its hash and nothing else.
  lf_test::write_file(dir / "node.cpp", "node source, edited");
  const auto after = hash_sources(paths, "workflow.flow", {step});
  CHECK(after.at("workflow.flow") == before.at("workflow.flow"));
  CHECK(after.at("node.used") != before.at("node.used"));

  // A missing file is left out rather than hashed as empty.
  CHECK(hash_sources(paths, "workflow.gone", {}).empty());
}
