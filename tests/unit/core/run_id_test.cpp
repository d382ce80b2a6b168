#include "store/run_id.hpp"

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <lightflow/ctxabi/ids.hpp>

using namespace std::chrono_literals;

TEST_CASE("given run ids must be one safe path segment not starting with a dot", "[core][run_id]") {
  struct Row {
    std::string id;
    bool valid;
  };

  const std::vector<Row> table = {
      {"r1", true},
      {"text_plan-1M88VC4ZZ-7RAYD8", true},
      {"with space", true},
      {"", false},
      {".", false},
      {"..", false},
      {"a/b", false},
      {".creating-1-abc", false},
      {".hidden", false},
      {std::string("nul\0byte", 8), false},
      {std::string(129, 'x'), false},
      {"x.req.json", false},
  };
  for (const Row& row : table) {
    INFO("id '" << row.id << "'");
    auto checked = lf::core::validate_run_id(row.id);
    CHECK(checked.has_value() == row.valid);
    if (!checked) {
      CHECK(checked.error().code == lf::Code::invalid_argument);
      CHECK(checked.error().message.rfind("invalid run_id path segment: ", 0) == 0);
    }
  }
}

TEST_CASE("generated run ids are valid, short and sort by creation time", "[core][run_id]") {
  const auto t0 = std::chrono::system_clock::time_point(1'790'000'000'000ms);
  const std::string first = lf::core::generate_run_id("workflow.text_plan", t0);
  const std::string later = lf::core::generate_run_id("workflow.text_plan", t0 + 1ms);
  const std::string much_later = lf::core::generate_run_id("workflow.text_plan", t0 + 9000h);
  CHECK(first.rfind("text_plan-", 0) == 0);
  CHECK(first.size() == std::string("text_plan-").size() + 9 + 1 + 8);
  CHECK(first < later);
  CHECK(later < much_later);
  CHECK(lf::core::validate_run_id(first));
  CHECK(lf::core::generate_run_id("///", t0).rfind("run-", 0) == 0);
  CHECK(lf::core::generate_run_id("a b/c", t0).rfind("a-b-c-", 0) == 0);
}

TEST_CASE("generated run ids do not repeat within one millisecond", "[core][run_id]") {
  const auto now = std::chrono::system_clock::now();
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) {
    ids.insert(lf::core::generate_run_id("workflow.x", now));
  }
  CHECK(ids.size() == 10000);
}
