#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <lightflow/cortex/commit.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

struct Inbox {
  lf_test::TempDir dir;
  lf::ctxabi::Layout layout{dir / "ctx", 1000};
  lf::cortex::Exchange exchange;

  explicit Inbox(std::string_view request_id = "run-1.draft") {
    std::filesystem::create_directories(layout.api_inbox(lf::ctxabi::ApiFormat::openai_chat));
    std::filesystem::create_directories(layout.api_outbox(lf::ctxabi::ApiFormat::openai_chat));
    exchange =
        *lf::cortex::plan_exchange(layout, *lf::cortex::api_target("openai.chat"), request_id);
  }

  std::size_t files_in_inbox() const {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator(exchange.inbox_dir)) {
      ++count;
    }
    return count;
  }
};

}  // namespace

TEST_CASE("a commit publishes the exact bytes under <id>.req.json and leaves no temp file",
          "[cortex][commit]") {
  Inbox inbox;
  const std::string body = "{\"messages\":[]}\n";
  auto committed = lf::cortex::commit_request(inbox.layout.mount(), inbox.exchange, body);
  REQUIRE(committed);
  CHECK(*committed == inbox.exchange.commit_request);
  CHECK(lf_test::read_file(*committed) == body);
  CHECK(inbox.files_in_inbox() == 1);
}

TEST_CASE("a second commit of the same request id is refused and changes nothing",
          "[cortex][commit]") {
  Inbox inbox;
  REQUIRE(lf::cortex::commit_request(inbox.layout.mount(), inbox.exchange, "first"));
  auto second = lf::cortex::commit_request(inbox.layout.mount(), inbox.exchange, "second");
  REQUIRE_FALSE(second);
  CHECK(second.error().code == lf::Code::already_exists);
  CHECK_THAT(second.error().message, Catch::Contains("already committed"));
  CHECK(lf_test::read_file(inbox.exchange.commit_request) == "first");
  CHECK(inbox.files_in_inbox() == 1);
}

TEST_CASE("committing without a mounted CortexFS says so", "[cortex][commit]") {
  lf_test::TempDir dir;
  const lf::ctxabi::Layout layout(dir / "missing-ctx", 1000);
  auto exchange = lf::cortex::plan_exchange(layout, *lf::cortex::api_target("openai.chat"), "a.b");
  REQUIRE(exchange);
  auto committed = lf::cortex::commit_request(layout.mount(), *exchange, "{}");
  REQUIRE_FALSE(committed);
  CHECK(committed.error().code == lf::Code::unavailable);
  CHECK(committed.error().message == "CortexFS is not mounted at " + layout.mount().string());
}

TEST_CASE("a mounted tree without the target's inbox is reported as a missing inbox",
          "[cortex][commit]") {
  Inbox inbox;
  auto tool =
      lf::cortex::plan_exchange(inbox.layout, *lf::cortex::tool_target("no.such.tool"), "x.y");
  REQUIRE(tool);
  auto committed = lf::cortex::commit_request(inbox.layout.mount(), *tool, "{}");
  REQUIRE_FALSE(committed);
  CHECK(committed.error().code == lf::Code::not_found);
  CHECK_THAT(committed.error().message, Catch::EndsWith("no such CortexFS inbox"));
}

TEST_CASE("a failed write leaves no staged file behind", "[cortex][commit]") {
  Inbox inbox;
  // A read-only inbox makes staging fail for a non-root user; as root, a
  // directory in the way of the committed name makes the rename fail instead.
  std::filesystem::create_directories(inbox.exchange.commit_request);
  auto committed = lf::cortex::commit_request(inbox.layout.mount(), inbox.exchange, "{}");
  REQUIRE_FALSE(committed);
  CHECK(inbox.files_in_inbox() == 1);
}
