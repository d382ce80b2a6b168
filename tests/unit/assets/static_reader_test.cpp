#include <string>

#include <catch2/catch.hpp>

#include <lightflow/assets/static_reader.hpp>

namespace {

using lf::assets::Diagnostic;
using lf::assets::read_asset_source;

const std::string kMeta = R"(#include <lightflow/asset.hpp>
using namespace lightflow::asset;
inline constexpr AssetMeta META{
    .id = "workflow.t",
    .version = "1.0",
    .title = "T",
    .kind = Kind::workflow,
    .description = "d",
    .stability = Stability::draft,
};
)";

const std::string kDefine = "inline auto define() { return workflow(META.id); }\n";

std::string wrap(const std::string& chain) {
  return kMeta + "inline auto define() {\n  return " + chain + ";\n}\n";
}

const lf::assets::WorkflowDef& workflow_of(const lf::assets::ParsedAsset& a) {
  return std::get<lf::assets::WorkflowDef>(a.definition);
}

}  // namespace

TEST_CASE("the reader finds META and define() in ordinary C++ layout", "[assets][reader]") {
  Diagnostic d;
  auto a = read_asset_source(kMeta + kDefine, "t.cpp", &d);
  INFO(d.format());
  REQUIRE(a);
  CHECK(a->meta.id == "workflow.t");
  CHECK(a->meta.version == "1.0");
  CHECK(a->meta.kind == lf::assets::AssetKind::workflow);
  CHECK(workflow_of(*a).id == "workflow.t");
}

TEST_CASE("the lexer copes with real C++: comments, raw strings, escapes, CRLF, separators",
          "[assets][reader]") {
  struct Case {
    const char* what;
    std::string source;
    std::string expected_user;
  };

  const std::string step =
      "workflow(META.id).input(string_field(\"p\")).required_model(\"m\")"
      ".api_step(\"a\", \"node.x\", \"openai.chat\").openai_chat(\"m\")";
  const Case cases[] = {
      {"line and block comments anywhere",
       wrap("/* c */ workflow(META.id) // trailing\n /* x */ .api_step(\"a\", /*n*/ \"node.x\", "
            "\"openai.chat\") // end\n .user(\"hi\")"),
       "hi"},
      {"raw string with a delimiter",
       wrap(step + ".user(R\"x(a \"quoted\" )\" text)x\")"),
       "a \"quoted\" )\" text"},
      {"escapes",
       wrap(step + ".user(\"tab\\tnl\\n\\x41\\u00e9\\\"q\\\\\")"),
       "tab\tnl\nA\xc3\xa9\"q\\"},
      {"adjacent literals concatenate", wrap(step + ".user(\"a\" \"b\"\n  \"c\")"), "abc"},
      {"CRLF line endings",
       [] {
         std::string s = wrap(
             "workflow(META.id).api_step(\"a\", \"node.x\", \"openai.chat\")"
             ".user(\"crlf\")");
         std::string out;
         for (char c : s) {
           if (c == '\n') {
             out += '\r';
           }
           out += c;
         }
         return out;
       }(),
       "crlf"},
      {"character literal and apostrophe in comments",
       wrap("workflow(META.id) // don't ' stop\n .api_step(\"a\", \"node.x\", \"openai.chat\")"
            ".user(\"it's\")"),
       "it's"},
      {"digit separators", wrap(step + ".param(\"max_tokens\", 1'024).user(\"n\")"), "n"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Diagnostic d;
    auto a = read_asset_source(c.source, "t.cpp", &d);
    INFO(d.format());
    REQUIRE(a);
    const auto& s = workflow_of(*a).steps.at(0);
    REQUIRE(s.request);
    CHECK(s.request->user.value_or("") == c.expected_user);
  }
}

TEST_CASE("preprocessor lines may continue, carry comments and sit anywhere at line start",
          "[assets][reader]") {
  const std::string source =
      "#include <lightflow/asset.hpp> // the header\n"
      "  #pragma once /* a comment that\n spans lines */\n"
      "#include \\\n  <vector>\n"
      "// a line comment that continues \\\n onto this line\n"
      + kMeta.substr(kMeta.find("using")) + kDefine;
  Diagnostic d;
  auto a = read_asset_source(source, "t.cpp", &d);
  INFO(d.format());
  CHECK(a);
}

TEST_CASE("numbers keep their type: integers, separators, negatives, floats", "[assets][reader]") {
  Diagnostic d;
  auto a = read_asset_source(
      wrap("workflow(META.id).input(integer_field(\"n\").default_value(-1'000).range(-2'000, "
           "0x10))"
           ".input(number_field(\"t\").default_value(.5).range(0, 2e1))"),
      "t.cpp",
      &d);
  INFO(d.format());
  REQUIRE(a);
  const auto& inputs = workflow_of(*a).inputs;
  CHECK(inputs[0].default_value->as_int64() == -1000);
  CHECK(inputs[0].minimum->as_int64() == -2000);
  CHECK(inputs[0].maximum->as_int64() == 16);
  CHECK(inputs[1].default_value->as_double() == 0.5);
  CHECK(inputs[1].maximum->as_double() == 20.0);
}

TEST_CASE("anything outside the subset is an error at file:line:col with a caret",
          "[assets][reader]") {
  struct Case {
    std::string source;
    int line;
    int col;
    const char* message;
  };

  const Case cases[] = {
      {kMeta + "int x = 3;\n" + kDefine, 11, 1, "expected 'inline constexpr AssetMeta"},
      {kMeta + "#define X 1\n" + kDefine, 11, 1, "only #include and #pragma"},
      {kMeta + "inline auto define() { auto w = 1; return w; }\n", 11, 24, "expected 'return'"},
      {wrap("workflow(META.id).aip_step(\"a\", \"n\", \"openai.chat\")"),
       12,
       28,
       "did you mean .api_step()?"},
      {wrap("workflow(META.id).api_step(\"a\", \"n\")"), 12, 28, "takes 3 arguments, got 2"},
      {wrap("workflow(META.id).after(\"a\")"), 12, 28, "add a step first"},
      {wrap("workflow(\"workflow.other\")"), 12, 19, "does not match META id workflow.t"},
      {wrap("node(META.id)"), 12, 10, "must start with workflow(META.id)"},
      {wrap("workflow(META.id).input(integer_field(\"n\").default_value(\"x\"))"),
       12,
       67,
       "needs a integer literal"},
      {wrap("workflow(META.id).api_step(\"a\", \"n\", \"openai.chatt\")"),
       12,
       47,
       "the API format must be"},
      {wrap("workflow(META.id).api_step(\"a/b\", \"n\", \"openai.chat\")"),
       12,
       37,
       "a step id must be"},
      {wrap("workflow(META.id).api_step(\"a\", \"n\", \"openai.chat\").user(\"{{steps.a.txt}}\")"),
       12,
       67,
       "invalid placeholder {{steps.a.txt}}"},
      {wrap("workflow(META.id).input_schema(some_constant)"), 12, 41, "expected a string literal"},
      {wrap("workflow(META.id).input_schema(u8\"x\")"), 12, 41, "only plain string literals"},
      {wrap("workflow(META.id).input_schema(\"unterminated)"),
       12,
       41,
       "unterminated string literal"},
      {kMeta + "/* never closed\n" + kDefine, 11, 1, "unterminated /* comment"},
      {kMeta + "// caf\xe9\n" + kDefine, 11, 7, "must be UTF-8 text"},
      {wrap("workflow(META.id).input_schema(\"\\xff\")"), 12, 42, "not valid UTF-8 text"},
      {kMeta, 1, 1, "does not define 'inline auto define()"},
      {kDefine, 1, 1, "does not declare 'inline constexpr AssetMeta META"},
  };
  for (const Case& c : cases) {
    Diagnostic d;
    auto a = read_asset_source(c.source, "dir/t.cpp", &d);
    INFO(c.message);
    REQUIRE_FALSE(a);
    INFO(d.format());
    CHECK(d.path == "dir/t.cpp");
    CHECK(d.line == c.line);
    CHECK(d.col == c.col);
    CHECK_THAT(d.message, Catch::Contains(c.message));
  }
}

TEST_CASE("META fields must all be present and in declaration order", "[assets][reader]") {
  const std::string swapped = R"(inline constexpr AssetMeta META{
    .id = "workflow.t", .title = "T", .version = "1",
    .kind = Kind::workflow, .description = "d", .stability = Stability::draft};
)" + kDefine;
  Diagnostic d;
  REQUIRE_FALSE(read_asset_source(swapped, "t.cpp", &d));
  CHECK_THAT(d.message, Catch::Contains(".version is out of order"));
  const std::string missing = R"(inline constexpr AssetMeta META{
    .id = "workflow.t", .version = "1", .title = "T", .kind = Kind::workflow, .description = "d"};
)" + kDefine;
  REQUIRE_FALSE(read_asset_source(missing, "t.cpp", &d));
  CHECK_THAT(d.message, Catch::Contains("META is missing .stability"));
}

TEST_CASE("a diagnostic prints ninja-style: position, source line, caret", "[assets][reader]") {
  Diagnostic d;
  REQUIRE_FALSE(read_asset_source(kMeta + "\tbogus;\n" + kDefine, "a.cpp", &d));
  CHECK(d.format() == "a.cpp:11:2: " + d.message + "\n\tbogus;\n\t^");
}

TEST_CASE("deeply nested input is rejected, not a stack overflow", "[assets][reader]") {
  Diagnostic d;
  const std::string nested = wrap("workflow(META.id).input_schema(" + std::string(5000, '{') + ")");
  REQUIRE_FALSE(read_asset_source(nested, "t.cpp", &d));
  CHECK_THAT(d.message, Catch::Contains("nests too deeply"));
}
