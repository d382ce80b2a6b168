#include <catch2/catch.hpp>

#include <lightflow/cortex/abi_info.hpp>
#include <lightflow/cortex/virtual_paths.hpp>

namespace {
const lf::ctxabi::Layout kLayout("/ctx", 1000);
}

TEST_CASE("channel paths are the channel's files under /ctx/chan", "[cortex][paths]") {
  auto paths = lf::cortex::plan_channel(kLayout, "fengying");
  REQUIRE(paths);
  CHECK(paths->root == "/ctx/chan/fengying");
  CHECK(paths->url == "/ctx/chan/fengying/url");
  CHECK(paths->keyref == "/ctx/chan/fengying/keyref");
  CHECK(paths->formats == "/ctx/chan/fengying/fmt");
  CHECK(paths->model_filter == "/ctx/chan/fengying/mod");
  CHECK(paths->enabled == "/ctx/chan/fengying/enabled");
  CHECK(paths->status == "/ctx/chan/fengying/status");
  CHECK(paths->local_url == "/ctx/chan/fengying/localurl");
}

TEST_CASE("job and hook paths live in the user's home", "[cortex][paths]") {
  auto job = lf::cortex::plan_job(kLayout, "translate.zh");
  REQUIRE(job);
  CHECK(job->spec == "/ctx/home/1000/job/translate.zh/spec");
  CHECK(job->request == "/ctx/home/1000/job/translate.zh/req");
  CHECK(job->output == "/ctx/home/1000/job/translate.zh/out.json");
  CHECK(job->status == "/ctx/home/1000/job/translate.zh/status");
  auto hook = lf::cortex::plan_hook(kLayout, "daily-translate");
  REQUIRE(hook);
  CHECK(hook->trigger == "/ctx/home/1000/hook/daily-translate/trigger");
  CHECK(hook->last == "/ctx/home/1000/hook/daily-translate/last");
  CHECK(hook->log == "/ctx/home/1000/hook/daily-translate/log.jsonl");
  CHECK(lf::cortex::to_json(*hook).at("request") == "/ctx/home/1000/hook/daily-translate/req");
}

TEST_CASE("virtual ids that would escape or are malformed are refused", "[cortex][paths]") {
  CHECK_FALSE(lf::cortex::plan_job(kLayout, ".."));
  CHECK_FALSE(lf::cortex::plan_job(kLayout, "translate_zh"));
  CHECK_FALSE(lf::cortex::plan_hook(kLayout, "hook/name"));
  CHECK_FALSE(lf::cortex::plan_channel(kLayout, std::string(65, 'c')));
}

TEST_CASE("the ABI record states the userspace FUSE policy", "[cortex][abi]") {
  auto record = lf::cortex::to_json(lf::cortex::abi_record(kLayout));
  CHECK(record.at("mount") == "/ctx");
  CHECK(record.at("uid") == 1000);
  CHECK(record.at("home") == "/ctx/home/1000");
  CHECK(record.at("mode") == "userspace");
  CHECK(record.at("kernel") == "fuse");
  CHECK(record.at("kernel_tree") == false);
  CHECK(record.at("non_goals").as_array().size() == 3);
}
