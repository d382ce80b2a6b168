// The transport-free MCP server: messages in, replies out through a channel
// that keeps them, over a Service whose project and state are temporary.

#include <mutex>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <lf_mcp/server.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

class Kept final : public lf::mcp::Channel {
 public:
  void notify(const boost::json::object& notification) override {
    std::lock_guard lock(mutex_);
    notifications.push_back(notification);
  }

  void reply(lf::mcp::Reply reply) override {
    std::lock_guard lock(mutex_);
    replies.push_back(std::move(reply));
  }

  std::mutex mutex_;
  std::vector<boost::json::object> notifications;
  std::vector<lf::mcp::Reply> replies;
};

struct Fixture {
  lf_test::TempDir dir{"mcp-unit"};
  lf::core::Service service{config()};
  lf::mcp::Server server{service, lf::mcp::Options{}};

  lf::core::ServiceConfig config() const {
    lf::core::ServiceConfig made;
    made.project_root = dir.path();
    made.dirs.state = dir / "state";
    made.ctx = lf::ctxabi::Layout(dir / "ctx", 1000);
    return made;
  }

  // The reply to `text` (quick methods answer before handle() returns).
  lf::mcp::Reply send(const std::string& text) {
    auto kept = std::make_shared<Kept>();
    server.handle(text, kept);
    REQUIRE(kept->replies.size() == 1);
    return kept->replies.front();
  }

  boost::json::object answer(const std::string& text) {
    auto reply = send(text);
    REQUIRE(reply.message);
    return reply.message->as_object();
  }
};

constexpr const char* kModernMeta =
    R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}})";

}  // namespace

TEST_CASE_METHOD(Fixture,
                 "initialize echoes a known revision and offers the latest otherwise",
                 "[mcp][server]") {
  for (const auto& [asked, given] : {std::pair{"2025-06-18", "2025-06-18"},
                                     std::pair{"2024-11-05", "2024-11-05"},
                                     std::pair{"1999-01-01", "2025-11-25"}}) {
    const auto reply =
        send(std::string(
                 R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":")")
             + asked + R"(","capabilities":{}}})");
    CHECK(reply.opened_session);
    CHECK(reply.message->at("result").at("protocolVersion") == given);
  }
}

TEST_CASE_METHOD(Fixture,
                 "a stateless request gets resultType, server info and cache hints",
                 "[mcp][server]") {
  const auto list =
      answer(std::string(R"({"jsonrpc":"2.0","id":"l","method":"tools/list","params":{)")
             + kModernMeta + "}}");
  const auto& result = list.at("result").as_object();
  CHECK(result.at("resultType") == "complete");
  CHECK(result.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name") == "lf-mcp");
  CHECK(result.at("ttlMs").as_int64() > 0);
  CHECK(result.at("cacheScope") == "public");
  // The handshake era gets none of them.
  const auto legacy = answer(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  CHECK_FALSE(legacy.at("result").as_object().contains("resultType"));
  CHECK_FALSE(legacy.at("result").as_object().contains("ttlMs"));
}

TEST_CASE_METHOD(Fixture,
                 "every listed tool has an object input schema and output schema",
                 "[mcp][server]") {
  std::size_t tools = 0;
  std::string cursor;
  do {
    const std::string params = cursor.empty() ? "{}" : R"({"cursor":")" + cursor + R"("})";
    const auto page =
        answer(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":)" + params + "}");
    const auto& result = page.at("result").as_object();
    for (const auto& tool : result.at("tools").as_array()) {
      INFO(boost::json::serialize(tool.at("name")));
      CHECK(tool.at("inputSchema").at("type") == "object");
      CHECK(tool.at("outputSchema").at("type") == "object");
      CHECK_FALSE(tool.at("description").as_string().empty());
      const auto& hints = tool.at("annotations");
      const std::string name(tool.at("name").as_string());
      CHECK(hints.at("destructiveHint") == (name == "lf_run_delete" || name == "lf_asset_write"));
      if (name == "lf_run_status" || name == "lf_asset_source") {
        CHECK(hints.at("readOnlyHint") == true);
      }
      if (name == "lf_run_execute" || name == "lf_asset_new") {
        CHECK(hints.at("readOnlyHint") == false);
      }
      ++tools;
    }
    cursor = result.contains("nextCursor") ? std::string(result.at("nextCursor").as_string()) : "";
  } while (!cursor.empty());
  CHECK(tools == 30);
}

TEST_CASE_METHOD(Fixture, "protocol failures get their JSON-RPC codes", "[mcp][server]") {
  const struct {
    const char* message;
    int code;
  } cases[] = {
      {R"({"jsonrpc":"2.0","id":1,"method":)", -32700},
      {R"([])", -32600},
      {R"({"id":1,"method":"ping"})", -32600},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", -32600},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[]})", -32602},
      {R"({"jsonrpc":"2.0","id":1,"method":"sampling/createMessage"})", -32601},
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"lf_nope"}})", -32602},
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":"x"}})", -32602},
      {R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"lf://nothing"}})",
       -32002},
      {R"({"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"nope"}})", -32602},
  };

  for (const auto& bad : cases) {
    INFO(bad.message);
    CHECK(answer(bad.message).at("error").at("code").as_int64() == bad.code);
  }
  const auto modern_missing = answer(
      std::string(
          R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"lf://nothing",)")
      + kModernMeta + "}}");
  CHECK(modern_missing.at("error").at("code") == -32602);
}

TEST_CASE_METHOD(Fixture,
                 "a failed tool is a result with isError, not a protocol error",
                 "[mcp][server]") {
  const auto missing = answer(
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"lf_run_status","arguments":{"run_id":"r9"}}})");
  const auto& result = missing.at("result").as_object();
  CHECK(result.at("isError") == true);
  CHECK_FALSE(result.contains("structuredContent"));
  CHECK(std::string(result.at("content").at(0).at("text").as_string())
            .starts_with("not_found: run r9"));
}

TEST_CASE_METHOD(Fixture, "notifications and client responses get no reply", "[mcp][server]") {
  for (const char* quiet :
       {R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4}})",
        R"({"jsonrpc":"2.0","id":7,"result":{}})",
        R"([{"jsonrpc":"2.0","method":"notifications/initialized"}])"}) {
    INFO(quiet);
    const auto reply = send(quiet);
    CHECK_FALSE(reply.message);
    CHECK_FALSE(reply.had_requests);
  }
}
