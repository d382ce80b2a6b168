// The argument check every tools/call goes through before its tool runs.

#include "schema_check.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

namespace {

std::optional<std::string> violation(const char* schema, const char* value) {
  return lf::mcp::schema_violation(boost::json::parse(value),
                                   boost::json::parse(schema).as_object());
}

constexpr const char* kRunArguments = R"({"type":"object","properties":{
  "run_id":{"type":"string","minLength":1},
  "after_seq":{"type":"integer","minimum":0},
  "cache":{"type":"string","enum":["use","bypass"]},
  "ids":{"type":"array","items":{"type":"string"}},
  "options":{"type":"object","properties":{"max_parallel":{"type":"integer","minimum":1}},"additionalProperties":false},
  "problem":{"type":["string","null"]}},
  "required":["run_id"],"additionalProperties":false})";

}  // namespace

TEST_CASE("arguments that fit the schema pass", "[mcp][schema]") {
  for (const char* good : {R"({"run_id":"r1"})",
                           R"({"run_id":"r1","after_seq":3})",
                           R"({"run_id":"r1","after_seq":3.0})",
                           R"({"run_id":"r1","cache":"bypass","ids":["a","b"]})",
                           R"({"run_id":"r1","options":{"max_parallel":2},"problem":null})"}) {
    INFO(good);
    CHECK_FALSE(violation(kRunArguments, good));
  }
}

TEST_CASE("each wrong argument is named with what is wrong", "[mcp][schema]") {
  const struct {
    const char* value;
    const char* message;
  } cases[] = {
      {R"({})", "arguments.run_id: is required"},
      {R"({"run_id":7})", "arguments.run_id: must be string, not integer"},
      {R"({"run_id":""})", "arguments.run_id: must not be empty"},
      {R"({"run_id":"r","after_seq":-1})", "arguments.after_seq: must be >= 0"},
      {R"({"run_id":"r","after_seq":1.5})", "arguments.after_seq: must be integer, not number"},
      {R"({"run_id":"r","cache":"maybe"})", R"(arguments.cache: must be one of ["use","bypass"])"},
      {R"({"run_id":"r","ids":["a",2]})", "arguments.ids[1]: must be string, not integer"},
      {R"({"run_id":"r","options":{"max_parallel":0}})",
       "arguments.options.max_parallel: must be >= 1"},
      {R"({"run_id":"r","options":{"fast":true}})",
       "arguments.options.fast: is not an argument of this tool"},
      {R"({"run_id":"r","problem":3})", "arguments.problem: must be string or null, not integer"},
      {R"({"run_id":"r","extra":1})", "arguments.extra: is not an argument of this tool"},
      {R"([1])", "arguments: must be object, not array"},
  };

  for (const auto& bad : cases) {
    INFO(bad.value);
    const auto problem = violation(kRunArguments, bad.value);
    REQUIRE(problem);
    CHECK(*problem == bad.message);
  }
}
