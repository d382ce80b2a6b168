// lf stream info|schema|snapshot, run as a user would: the snapshot bytes are
// checked with lf::stream's verifying decoder.

#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/core/error_mapping.hpp>
#include <lightflow/stream/decode.hpp>
#include <lightflow/stream/discovery.hpp>

#include <lf_test/files.hpp>
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

struct StreamSandbox {
  lf_test::TempDir dir{"lf-stream"};

  std::filesystem::path runtime() const { return dir / "run" / "lightflow"; }

  lf_test::ProcessResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), lf_test::binary_from_env("LF_BIN").string());
    lf_test::ProcessOptions options;
    options.env["LIGHTFLOW_CTX_MOUNT"] = (dir / "ctx").string();
    options.env["LIGHTFLOW_CTX_UID"] = "1000";
    options.env["XDG_STATE_HOME"] = (dir / "state").string();
    options.env["XDG_RUNTIME_DIR"] = (dir / "run").string();
    options.env["LIGHTFLOW_PROJECT"] = LF_SOURCE_DIR;
    options.cwd = dir.path();
    return lf_test::run_process(args, options);
  }
};

}  // namespace

TEST_CASE("lf stream schema prints the schema the frames are generated from", "[lf][stream]") {
  StreamSandbox lf;
  const auto result = lf.run({"stream", "schema"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out
        == lf_test::read_file(std::filesystem::path(LF_SOURCE_DIR)
                              / "libs/stream/schema/runtime_frame.fbs"));
}

TEST_CASE("lf stream snapshot writes one verified frame of the run", "[lf][stream]") {
  StreamSandbox lf;
  REQUIRE(lf.run({"run",
                  "create",
                  "workflow.outline_draft_review",
                  "--id",
                  "snap",
                  "--inputs",
                  R"({"topic":"owls"})"})
              .exit_code
          == 0);
  const auto manifest = boost::json::parse(lf.run({"run", "get", "snap"}).out);
  const std::size_t steps = manifest.at("steps").as_array().size();
  REQUIRE(steps > 1);
  const auto piped = lf.run({"stream", "snapshot", "snap"});
  REQUIRE(piped.exit_code == 0);
  auto frame = lf::stream::decode_frame(piped.out);
  REQUIRE(frame);
  CHECK(frame->kind == lf::stream::FrameKind::run_snapshot);
  CHECK(frame->run_id == "snap");
  CHECK(frame->status == "planned");
  CHECK(frame->sequence == 1);  // run.created
  REQUIRE(frame->snapshot);
  CHECK(frame->snapshot->workflow_asset_id == "workflow.outline_draft_review");
  REQUIRE(frame->snapshot->steps.size() == steps);
  CHECK(frame->snapshot->planned_steps == steps);
  CHECK(frame->snapshot->steps[0].step_id == manifest.at("steps").at(0).at("step_id").as_string());

  const auto file = lf.dir / "snap.fb";
  const auto written = lf.run({"stream", "snapshot", "snap", "-o", file.string()});
  REQUIRE(written.exit_code == 0);
  CHECK(written.out.find("\"bytes\"") != std::string::npos);
  auto from_file = lf::stream::decode_frame(lf_test::read_file(file));
  REQUIRE(from_file);
  CHECK(from_file->snapshot->steps.size() == steps);
}

TEST_CASE("lf stream snapshot of a missing run fails with the not_found exit code",
          "[lf][stream]") {
  StreamSandbox lf;
  const auto result = lf.run({"stream", "snapshot", "nope"});
  CHECK(result.exit_code == lf::core::error_mapping(lf::Code::not_found).exit_code);
  CHECK(result.out.empty());
  CHECK(result.err.find("run nope") != std::string::npos);
}

TEST_CASE("lf stream info reports the address the running lfd advertised", "[lf][stream]") {
  StreamSandbox lf;
  auto info = boost::json::parse(lf.run({"stream", "info"}).out).as_object();
  CHECK(info.at("server").at("running") == false);
  CHECK(info.at("frame").at("file_identifier") == "LFRS");

  // This test process stands in for lfd: an advert naming a live pid.
  REQUIRE(lf::stream::advertise(
      lf.runtime(), lf::stream::ServerAdvert{::getpid(), "127.0.0.1", 45678, std::nullopt, "now"}));
  info = boost::json::parse(lf.run({"stream", "info"}).out).as_object();
  CHECK(info.at("server").at("running") == true);
  CHECK(info.at("server").at("port") == 45678);
  CHECK(info.at("transports").at(0).at("endpoint")
        == "http://127.0.0.1:45678/runtime/streams/{run_id}/snapshot.fb");
}
