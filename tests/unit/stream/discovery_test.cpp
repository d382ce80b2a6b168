// lfd's advert: written where lf looks, ignored once its process is gone,
// removed only by the lfd that wrote it.

#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/stream/discovery.hpp>
#include <lightflow/stream/stream_info.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

lf::stream::ServerAdvert this_process(unsigned short port) {
  return lf::stream::ServerAdvert{
      ::getpid(), "127.0.0.1", port, std::nullopt, "2026-11-28T10:00:00.000Z"};
}

}  // namespace

TEST_CASE("a running lfd's advert is found with its real address", "[stream][discovery]") {
  lf_test::TempDir dir;
  const auto runtime = dir.path() / "run" / "lightflow";
  REQUIRE(lf::stream::find_server(runtime)->has_value() == false);
  REQUIRE(lf::stream::advertise(runtime, this_process(41234)));
  auto found = lf::stream::find_server(runtime);
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->port == 41234);
  CHECK((*found)->host == "127.0.0.1");

  const auto info = lf::stream::to_json(lf::stream::StreamInfo{*found});
  CHECK(info.at("server").at("base_url") == "http://127.0.0.1:41234");
  CHECK(info.at("transports").at(1).at("endpoint")
        == "ws://127.0.0.1:41234/runtime/streams/{run_id}/live");
  CHECK(info.at("frame").at("file_identifier") == "LFRS");
}

TEST_CASE("an advert whose process is gone is ignored", "[stream][discovery]") {
  lf_test::TempDir dir;
  // A pid no process holds: past the kernel's largest.
  lf_test::write_file(lf::stream::advert_path(dir.path()),
                      R"({"pid":2147483000,"host":"127.0.0.1","port":5174,"started_at":""})");
  auto found = lf::stream::find_server(dir.path());
  REQUIRE(found);
  CHECK_FALSE(found->has_value());
  const auto info = lf::stream::to_json(lf::stream::StreamInfo{std::nullopt});
  CHECK(info.at("server").at("running") == false);
  CHECK(info.at("transports").at(0).at("status") == "unavailable");
}

TEST_CASE("withdraw removes only the advert of the given process", "[stream][discovery]") {
  lf_test::TempDir dir;
  REQUIRE(lf::stream::advertise(dir.path(), this_process(5174)));
  lf::stream::withdraw(dir.path(), ::getpid() + 1);
  CHECK(std::filesystem::exists(lf::stream::advert_path(dir.path())));
  lf::stream::withdraw(dir.path(), ::getpid());
  CHECK_FALSE(std::filesystem::exists(lf::stream::advert_path(dir.path())));
}

TEST_CASE("a damaged advert is reported as corruption", "[stream][discovery]") {
  lf_test::TempDir dir;
  lf_test::write_file(lf::stream::advert_path(dir.path()), "{\"host\":1}");
  CHECK(lf::stream::find_server(dir.path()).error().code == lf::Code::corruption);
}
