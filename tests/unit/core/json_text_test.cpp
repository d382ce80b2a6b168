#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/core/json_text.hpp>

TEST_CASE("pretty JSON uses two spaces, keeps key order and prints empty containers short",
          "[core][json]") {
  const boost::json::object value{
      {"b", 1},
      {"a", boost::json::array{"x", nullptr}},
      {"empty_list", boost::json::array{}},
      {"empty_object", boost::json::object{}},
      {"text", "line\nbreak \"quoted\""},
  };
  CHECK(lf::core::to_pretty_json(value) ==
        "{\n"
        "  \"b\": 1,\n"
        "  \"a\": [\n"
        "    \"x\",\n"
        "    null\n"
        "  ],\n"
        "  \"empty_list\": [],\n"
        "  \"empty_object\": {},\n"
        "  \"text\": \"line\\nbreak \\\"quoted\\\"\"\n"
        "}");
  CHECK(
      lf::core::to_compact_json(value)
      == R"({"b":1,"a":["x",null],"empty_list":[],"empty_object":{},"text":"line\nbreak \"quoted\""})");
}
