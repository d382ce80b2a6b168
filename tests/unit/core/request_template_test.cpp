#include "planning/request_template.hpp"

#include <string>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "planning/step_output.hpp"

using lf::core::TemplateValues;

namespace {

TemplateValues sample_values() {
  TemplateValues values;
  values.inputs = boost::json::object{
      {"topic", "owls"}, {"words", 400}, {"tags", {"a", "b"}}, {"temperature", 0.7}};
  values.step_texts["outline"] = "1. Night\n2. Flight";
  values.step_texts["facts"] = "```json\n{\"count\": 3, \"name\": \"barn owl\"}\n```";
  return values;
}

}  // namespace

TEST_CASE("templates render run inputs and earlier steps' answers", "[core][templates]") {
  struct Row {
    std::string text;
    std::string expected;
  };

  const std::vector<Row> table = {
      {"About {{inputs.topic}}", "About owls"},
      {"{{inputs.words}} words", "400 words"},
      {"at {{inputs.temperature}}", "at 0.7"},
      {"tags: {{inputs.tags}}", "tags: [\"a\",\"b\"]"},
      {"Outline:\n{{steps.outline.text}}", "Outline:\n1. Night\n2. Flight"},
      {"{{steps.facts.json.name}} x{{steps.facts.json.count}}", "barn owl x3"},
      {"no placeholders", "no placeholders"},
  };
  for (const Row& row : table) {
    INFO(row.text);
    auto rendered = lf::core::render_request(boost::json::value(row.text), sample_values());
    REQUIRE(rendered);
    CHECK(rendered->as_string() == row.expected);
  }
}

TEST_CASE("a template value that is missing is reported with its placeholder",
          "[core][templates]") {
  struct Row {
    std::string text;
    lf::Code code;
    std::string fragment;
  };

  const std::vector<Row> table = {
      {"{{inputs.tone}}", lf::Code::failed_precondition, "{{inputs.tone}} has no value"},
      {"{{steps.draft.text}}", lf::Code::failed_precondition, "step draft has not succeeded"},
      {"{{steps.outline.json.x}}", lf::Code::failed_precondition, "not a JSON object with field x"},
      {"{{steps.facts.json.missing}}", lf::Code::failed_precondition, "field missing"},
      {"{{inputs.}}", lf::Code::invalid_argument, "invalid placeholder"},
      {"{{inputs.topic", lf::Code::invalid_argument, "unterminated placeholder"},
  };
  for (const Row& row : table) {
    INFO(row.text);
    auto rendered = lf::core::render_request(boost::json::value(row.text), sample_values());
    REQUIRE_FALSE(rendered);
    CHECK(rendered.error().code == row.code);
    CHECK(rendered.error().message.find(row.fragment) != std::string::npos);
  }
}

TEST_CASE("a request template renders every string of a JSON body and keeps other values",
          "[core][templates]") {
  const auto body = boost::json::parse(
      R"({"messages":[{"role":"user","content":"{{inputs.topic}}"}],"max_tokens":5})");
  auto rendered = lf::core::render_request(body, sample_values());
  REQUIRE(rendered);
  CHECK(boost::json::serialize(*rendered)
        == R"({"messages":[{"role":"user","content":"owls"}],"max_tokens":5})");
  auto placeholders = lf::core::template_placeholders(body);
  REQUIRE(placeholders);
  CHECK(placeholders->size() == 1);
}

TEST_CASE("the assistant text is found in every API format's response", "[core][templates]") {
  struct Row {
    std::string body;
    std::optional<std::string> text;
  };

  const std::vector<Row> table = {
      {R"({"choices":[{"message":{"role":"assistant","content":"hi"}}]})", "hi"},
      {R"({"choices":[{"message":{"content":[{"type":"text","text":"a"},{"text":"b"}]}}]})", "ab"},
      {R"({"output_text":"resp"})", "resp"},
      {R"({"output":[{"content":[{"type":"output_text","text":"x"},{"text":"y"}]}]})", "xy"},
      {R"({"content":[{"type":"text","text":"claude"}]})", "claude"},
      {R"({"candidates":[{"content":{"parts":[{"text":"gem"}]}}]})", "gem"},
      {R"({"error":"nope"})", std::nullopt},
      {"not json", std::nullopt},
  };
  for (const Row& row : table) {
    INFO(row.body);
    CHECK(lf::core::assistant_text(row.body) == row.text);
  }
}
