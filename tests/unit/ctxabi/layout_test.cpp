#include <catch2/catch.hpp>

#include <lightflow/ctxabi/layout.hpp>

using lf::ctxabi::ApiFormat;
using lf::ctxabi::Layout;

TEST_CASE("the layout pins every CortexFS path LightFlow uses", "[ctxabi][layout]") {
  const Layout layout("/ctx", 1000);
  const std::pair<std::filesystem::path, const char*> table[] = {
      {layout.home(), "/ctx/home/1000"},
      {layout.model_dir(), "/ctx/home/1000/model"},
      {layout.route_dir(ApiFormat::openai_chat), "/ctx/home/1000/route/openai.chat"},
      {layout.policy_dir(), "/ctx/home/1000/policy"},
      {layout.api_inbox(ApiFormat::openai_responses), "/ctx/home/1000/api/openai.responses/inbox"},
      {layout.api_outbox(ApiFormat::openai_responses),
       "/ctx/home/1000/api/openai.responses/outbox"},
      {layout.tool_inbox("filesystem.read"), "/ctx/tool/filesystem.read/invoke/inbox"},
      {layout.tool_outbox("filesystem.read"), "/ctx/tool/filesystem.read/invoke/outbox"},
      {layout.thread_inbox("design-review"), "/ctx/home/1000/thread/design-review/inbox"},
      {layout.channel_root(), "/ctx/chan"},
      {layout.channel_dir("fengying"), "/ctx/chan/fengying"},
      {layout.job_root(), "/ctx/home/1000/job"},
      {layout.job_dir("translate.zh"), "/ctx/home/1000/job/translate.zh"},
      {layout.hook_root(), "/ctx/home/1000/hook"},
      {layout.hook_dir("daily-translate"), "/ctx/home/1000/hook/daily-translate"},
      {layout.audit_events(), "/ctx/audit/events.jsonl"},
      {layout.control_dir(), "/ctx/control"},
      {layout.status_file(), "/ctx/status"},
  };
  for (const auto& [actual, expected] : table) {
    CHECK(actual == expected);
  }
}

TEST_CASE("the layout follows the mount and the uid", "[ctxabi][layout]") {
  const Layout layout("/tmp/x/ctx", 4242);
  CHECK(layout.home() == "/tmp/x/ctx/home/4242");
  CHECK(layout.uid() == 4242);
  CHECK(layout.mount() == "/tmp/x/ctx");
}
