#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <lightflow/assets/input_validation.hpp>

namespace {

std::vector<lf::assets::FieldDef> fields() {
  using lf::assets::FieldDef;
  using lf::assets::FieldType;
  FieldDef topic{"topic", FieldType::string, {}, true, {}, {}, {}, {}};
  FieldDef words{"words",
                 FieldType::integer,
                 {},
                 false,
                 boost::json::value(400),
                 boost::json::value(100),
                 boost::json::value(3000),
                 {}};
  FieldDef tone{"tone",
                FieldType::string,
                {},
                false,
                boost::json::value("plain"),
                {},
                {},
                {boost::json::value("plain"), boost::json::value("formal")}};
  FieldDef temperature{"temperature",
                       FieldType::number,
                       {},
                       false,
                       {},
                       boost::json::value(0),
                       boost::json::value(2.0),
                       {}};
  return {topic, words, tone, temperature};
}

}  // namespace

TEST_CASE("run inputs get their defaults and keep declaration order", "[assets][inputs]") {
  const auto r = lf::assets::validate_inputs(fields(), boost::json::parse(R"({"topic":"owls"})"));
  CHECK(r.problems.empty());
  CHECK(boost::json::value(r.inputs)
        == boost::json::parse(R"({"topic":"owls","words":400,"tone":"plain"})"));
  CHECK(r.inputs.begin()->key() == "topic");
}

TEST_CASE("each bad run input gets its own message", "[assets][inputs]") {
  struct Case {
    const char* inputs;
    std::vector<std::string> problems;
  };

  const Case cases[] = {
      {R"([])", {"run inputs must be a JSON object"}},
      {R"({})", {"run input field topic is required"}},
      {R"({"topic":3})", {"run input field topic must be a string"}},
      {R"({"topic":"x","words":2.5})", {"run input field words must be an integer"}},
      {R"({"topic":"x","words":50})", {"run input field words must be at least 100"}},
      {R"({"topic":"x","words":5000})", {"run input field words must be at most 3000"}},
      {R"({"topic":"x","tone":"loud"})", {"run input field tone must be one of plain, formal"}},
      {R"({"topic":"x","temperature":"hot"})", {"run input field temperature must be a number"}},
      {R"({"topic":"x","extra":1})", {"unknown run input field extra"}},
      {R"({"words":1,"tone":"x"})",
       {"run input field topic is required",
        "run input field words must be at least 100",
        "run input field tone must be one of plain, formal"}},
  };
  for (const Case& c : cases) {
    INFO(c.inputs);
    CHECK(lf::assets::validate_inputs(fields(), boost::json::parse(c.inputs)).problems
          == c.problems);
  }
}

TEST_CASE("whole numbers written with a fraction count as integers", "[assets][inputs]") {
  const auto r =
      lf::assets::validate_inputs(fields(), boost::json::parse(R"({"topic":"x","words":500.0})"));
  CHECK(r.problems.empty());
}
