#include <catch2/catch.hpp>

#include <lightflow/assets/placeholders.hpp>

using lf::assets::Placeholder;

TEST_CASE("placeholders name inputs, step text and step JSON fields", "[assets][placeholders]") {
  auto found = lf::assets::parse_placeholders(
      "A {{inputs.topic}} B {{steps.outline.text}} C {{steps.rate.json.score}}");
  REQUIRE(found);
  REQUIRE(found->size() == 3);
  CHECK((*found)[0].source == Placeholder::Source::input);
  CHECK((*found)[0].name == "topic");
  CHECK((*found)[0].offset == 2);
  CHECK((*found)[0].length == 16);
  CHECK((*found)[1].source == Placeholder::Source::step_text);
  CHECK((*found)[1].name == "outline");
  CHECK((*found)[2].source == Placeholder::Source::step_json);
  CHECK((*found)[2].field == "score");
}

TEST_CASE("malformed placeholders are rejected with the accepted forms", "[assets][placeholders]") {
  for (const char* text : {"{{inputs.}}",
                           "{{ inputs.x }}",
                           "{{steps.a.txt}}",
                           "{{steps.a}}",
                           "{{steps.a.json.}}",
                           "{{outputs.x}}",
                           "{{inputs.x",
                           "{{steps.a/b.text}}"}) {
    INFO(text);
    auto found = lf::assets::parse_placeholders(text);
    REQUIRE_FALSE(found);
    CHECK_THAT(found.error().message, Catch::Contains("expected {{inputs.<name>}}"));
  }
}

TEST_CASE("rendering replaces every placeholder and reports missing values",
          "[assets][placeholders]") {
  const auto lookup = [](const Placeholder& p) -> std::optional<std::string> {
    if (p.name == "topic") {
      return "owls";
    }
    return std::nullopt;
  };
  auto ok = lf::assets::render_template("About {{inputs.topic}}!", lookup);
  REQUIRE(ok);
  CHECK(*ok == "About owls!");
  auto missing = lf::assets::render_template("{{steps.x.text}}", lookup);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == lf::Code::not_found);
  CHECK(missing.error().message == "no value for {{steps.x.text}}");
}
