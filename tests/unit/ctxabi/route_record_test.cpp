#include <catch2/catch.hpp>

#include <lightflow/ctxabi/file_names.hpp>
#include <lightflow/ctxabi/route_record.hpp>

TEST_CASE("a route record is one compact JSON line in the ABI's key order", "[ctxabi][route]") {
  const lf::ctxabi::RouteRecord record{
      "r.draft", "openai.chat", "local", "offline", "ready", "fnv1a64:0000000000000001"};
  CHECK(lf::ctxabi::to_json_line(record)
        == R"({"request_id":"r.draft","format":"openai.chat","provider":"local","model":"offline",)"
           R"("reason":"ready","fingerprint":"fnv1a64:0000000000000001"})"
           "\n");
  auto parsed = lf::ctxabi::parse_route_record(lf::ctxabi::to_json_line(record));
  REQUIRE(parsed);
  CHECK(parsed->provider == "local");
  CHECK(parsed->fingerprint == record.fingerprint);
}

TEST_CASE("a route file that is not a JSON object is reported as corrupt", "[ctxabi][route]") {
  auto parsed = lf::ctxabi::parse_route_record("not json");
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().code == lf::Code::corruption);
  auto partial = lf::ctxabi::parse_route_record(R"({"provider":7,"model":"m"})");
  REQUIRE(partial);
  CHECK(partial->provider.empty());
  CHECK(partial->model == "m");
}

TEST_CASE("suffixes and file names are the ABI's", "[ctxabi][names]") {
  using namespace lf::ctxabi;
  CHECK(kStagedSuffix == ".tmp");
  CHECK(kRequestSuffix == ".req.json");
  CHECK(kResponseSuffix == ".resp.json");
  CHECK(kRouteSuffix == ".route.json");
  CHECK(kFingerprintSuffix == ".fingerprint");
  CHECK(kErrorSuffix == ".error");
  CHECK(kWaitSuffix == ".wait");
  CHECK(kJobSpec == "spec");
  CHECK(kJobRequest == "req");
  CHECK(kJobOutput == "out.json");
  CHECK(kJobStatus == "status");
  CHECK(kHookTrigger == "trigger");
  CHECK(kHookLast == "last");
  CHECK(kHookLog == "log.jsonl");
  CHECK(kChannelDir == "chan");
}
