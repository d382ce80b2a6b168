#include "execution/step_cache.hpp"

#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

using lf::core::CachedOutcome;
using lf::core::StepCache;
using lf::core::StepCacheKey;

namespace {

StepCacheKey sample_key(const std::string& request) {
  return StepCacheKey{"h64:workflow", "h64:node", R"({"kind":"api"})", request, "local", "offline"};
}

CachedOutcome sample_outcome(const std::string& run, const std::string& body) {
  return CachedOutcome{run,
                       "draft",
                       body,
                       "fp-1",
                       "local",
                       "offline",
                       "ready",
                       "2026-11-25T10:00:00Z",
                       std::filesystem::path("/runs/" + run + "/draft.1.response.json"),
                       "1:5:6:7"};
}

void append(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << bytes;
}

}  // namespace

TEST_CASE("a stored answer is found by a later cache with the same key", "[step_cache]") {
  lf_test::TempDir dir;
  {
    StepCache writer(dir.path());
    REQUIRE(writer.store(sample_key("hello"), sample_outcome("first", R"({"answer":1})")));
    // The writer sees its own entry at once.
    auto own = writer.lookup(sample_key("hello"));
    REQUIRE(own);
    REQUIRE(*own);
    CHECK((*own)->run_id == "first");
  }
  StepCache reader(dir.path());
  auto found = reader.lookup(sample_key("hello"));
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((*found)->response_body == R"({"answer":1})");
  CHECK((*found)->fingerprint == "fp-1");
  CHECK((*found)->route_decision == "ready");
  CHECK((*found)->response_path == std::filesystem::path("/runs/first/draft.1.response.json"));
  CHECK((*found)->response_stamp == "1:5:6:7");

  // Every part of the key counts.
  auto other_request = reader.lookup(sample_key("hello!"));
  REQUIRE(other_request);
  CHECK_FALSE(*other_request);
  StepCacheKey other_model = sample_key("hello");
  other_model.model = "bigger";
  auto miss = reader.lookup(other_model);
  REQUIRE(miss);
  CHECK_FALSE(*miss);
}

TEST_CASE("the newest entry for a key wins and damaged lines read as misses", "[step_cache]") {
  lf_test::TempDir dir;
  {
    StepCache writer(dir.path());
    REQUIRE(writer.store(sample_key("a"), sample_outcome("first", "old")));
    REQUIRE(writer.store(sample_key("b"), sample_outcome("first", "bee")));
    REQUIRE(writer.store(sample_key("a"), sample_outcome("second", "new")));
  }
  const auto journal = StepCache(dir.path()).journal_path();
  // A line garbled in place, and an append a crash cut short.
  append(journal, "0123456789abcdef0123456789abcdef {not json\n");
  append(journal, "ffffffffffffffffffffffffffffffff {\"key\":");

  StepCache reader(dir.path());
  auto a = reader.lookup(sample_key("a"));
  REQUIRE(a);
  REQUIRE(*a);
  CHECK((*a)->run_id == "second");
  CHECK((*a)->response_body == "new");
  auto b = reader.lookup(sample_key("b"));
  REQUIRE(b);
  REQUIRE(*b);
  CHECK((*b)->response_body == "bee");

  // An entry appended after the torn line is still readable.
  {
    StepCache writer(dir.path());
    REQUIRE(writer.store(sample_key("c"), sample_outcome("third", "sea")));
  }
  auto c = StepCache(dir.path()).lookup(sample_key("c"));
  REQUIRE(c);
  REQUIRE(*c);
  CHECK((*c)->response_body == "sea");
}

TEST_CASE("an absent cache is empty, not an error", "[step_cache]") {
  lf_test::TempDir dir;
  StepCache cache(dir / "nowhere");
  auto found = cache.lookup(sample_key("x"));
  REQUIRE(found);
  CHECK_FALSE(*found);
}
