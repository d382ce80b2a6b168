// The runtime stream read by an independent decoder: TypeScript that flatc
// generates from the schema at test time, over the npm flatbuffers runtime
// (stream_decode.mjs), decodes the snapshot lf writes, the snapshot lfd
// serves, and the live WebSocket frames of a run executed by lfd against a
// real ctxfs mount with the offline provider.

#include <unistd.h>

#include <chrono>
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include "http_client.hpp"
#include "lfd_server.hpp"
#include <lf_test/files.hpp>
#include <lf_test/npm.hpp>

namespace fs = std::filesystem;
using lfd_test::HttpClient;
using lfd_test::LfdServer;

namespace {

std::string env(const char* name) {
  const auto value = lf_test::env_value(name);
  REQUIRE(value);
  return *value;
}

// The decoder: npm packages (or exit 77, skipped, without node), flatc's
// TypeScript for the schema, bundled into one module by esbuild.
struct Decoder {
  std::string node;
  std::string npm_dir;
  std::string module;

  explicit Decoder(const fs::path& work) {
    npm_dir = env("STREAM_NPM_DIR");
    // The FlatBuffers runtime, esbuild (turns flatc's TypeScript into a
    // module node runs) and ws (node 20 has no WebSocket client).
    const std::string failure = lf_test::install_npm_packages(
        npm_dir, 18, {"flatbuffers@25.9.23", "ws@8.23.0", "esbuild@0.28.2"});
    INFO(failure);
    REQUIRE(failure.empty());
    node = lfd_test::find_program("node");
    const fs::path generated = work / "ts";
    const auto flatc = lf_test::run_process(
        {env("FLATC_BIN"), "--ts", "-o", generated.string(), env("STREAM_SCHEMA")});
    INFO(flatc.out << flatc.err);
    REQUIRE(flatc.exit_code == 0);
    module = (work / "runtime_frame.mjs").string();
    lf_test::ProcessOptions bundle;
    bundle.env["NODE_PATH"] = npm_dir + "/node_modules";
    const auto built = lf_test::run_process({npm_dir + "/node_modules/.bin/esbuild",
                                             (generated / "runtime_frame_generated.ts").string(),
                                             "--bundle",
                                             "--format=esm",
                                             "--platform=node",
                                             "--log-level=warning",
                                             "--outfile=" + module},
                                            bundle);
    INFO(built.out << built.err);
    REQUIRE(built.exit_code == 0);
  }

  std::vector<std::string> command(std::vector<std::string> args) const {
    args.insert(args.begin(), {node, env("LFD_TEST_DIR") + "/stream_decode.mjs", npm_dir, module});
    return args;
  }

  boost::json::object decode(std::vector<std::string> args) const {
    const auto result = lf_test::run_process(command(std::move(args)));
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    return boost::json::parse(result.out).as_object();
  }
};

// lf, with lfd's state and runtime directories and the same CortexFS.
lf_test::ProcessResult run_lf(const LfdServer& lfd,
                              const fs::path& mount,
                              std::vector<std::string> args) {
  args.insert(args.begin(), env("LF_BIN"));
  lf_test::ProcessOptions options;
  options.env = {{"XDG_STATE_HOME", (lfd.dir() / "state").string()},
                 {"XDG_RUNTIME_DIR", (lfd.dir() / "runtime").string()},
                 {"LIGHTFLOW_PROJECT", env("LF_SOURCE_DIR")},
                 {"LIGHTFLOW_CTX_MOUNT", mount.string()},
                 {"LIGHTFLOW_CTX_UID", std::to_string(::getuid())}};
  return lf_test::run_process(args, options);
}

void wait_for_file(const fs::path& path) {
  for (int i = 0; i < 600 && !fs::exists(path); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(fs::exists(path));
}

void wait_for_exit(lf_test::BackgroundProcess& process) {
  for (int i = 0; i < 1200 && process.running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE_FALSE(process.running());
}

const boost::json::array& frames_of(const boost::json::value& live) {
  return live.at("frames").as_array();
}

}  // namespace

TEST_CASE("an independent TypeScript decoder reads lf's and lfd's snapshots and the live frames",
          "[lfd][stream]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::CtxfsMount mount;
  LfdServer lfd(lfd_test::LfdOptions().with_mount(mount.root()));
  const Decoder decoder(lfd.dir() / "decoder");
  HttpClient client(lfd.port());

  // lf finds this lfd where it really listens.
  const auto info = run_lf(lfd, mount.root(), {"stream", "info"});
  REQUIRE(info.exit_code == 0);
  CHECK(boost::json::parse(info.out).at("server").at("base_url").as_string() == lfd.url());

  const auto created = client.post(
      "/runs",
      R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"watched","inputs":{"question":"Is FUSE fast?"}})");
  REQUIRE(created.status == 202);
  const auto steps = created.json().at("steps").as_array().size();

  // The snapshot lf writes and the one lfd serves, both planned.
  const fs::path cli_frame = lfd.dir() / "cli.fb";
  REQUIRE(run_lf(lfd, mount.root(), {"stream", "snapshot", "watched", "-o", cli_frame.string()})
              .exit_code
          == 0);
  const auto from_cli = decoder.decode({"file", cli_frame.string()});
  CHECK(from_cli.at("kind") == "RunSnapshot");
  CHECK(from_cli.at("version") == 2);
  CHECK(from_cli.at("run_id") == "watched");
  CHECK(from_cli.at("status") == "planned");
  CHECK(from_cli.at("run_status") == "planned");
  CHECK(from_cli.at("sequence") == 1);
  CHECK(from_cli.at("snapshot").at("workflow_asset_id") == "workflow.parallel_angles");
  REQUIRE(from_cli.at("snapshot").at("steps").as_array().size() == steps);
  CHECK(from_cli.at("snapshot").at("steps").at(0).at("status") == "planned");

  const auto from_http =
      decoder.decode({"http", lfd.url() + "/runtime/streams/watched/snapshot.fb"});
  CHECK(from_http.at("content_type") == "application/vnd.lightflow.runtime-frame+flatbuffers");
  CHECK(from_http.at("sequence_header") == "1");
  CHECK(from_http.at("frame").at("status") == "planned");
  CHECK(from_http.at("frame").at("snapshot").at("steps").as_array().size() == steps);

  // Live: connected while planned, then the run is executed to the end.
  const fs::path ready = lfd.dir() / "live.ready";
  const fs::path out = lfd.dir() / "live.json";
  const std::string live_url =
      "ws://127.0.0.1:" + std::to_string(lfd.port()) + "/runtime/streams/watched/live";
  lf_test::BackgroundProcess live(
      decoder.command({"live", live_url, ready.string(), out.string()}));
  wait_for_file(ready);
  const auto started = client.post("/runs/watched/exec");
  INFO(started.body);
  REQUIRE(started.status == 202);
  wait_for_exit(live);
  const auto result = boost::json::parse(lf_test::read_file(out));
  INFO(lf_test::read_file(out));
  CHECK(result.at("errors").as_array().empty());
  CHECK(result.at("close").at("code") == 1000);
  CHECK(result.at("close").at("reason") == "run succeeded");
  const auto& frames = frames_of(result);
  REQUIRE(frames.size() >= 4);
  CHECK(frames[0].at("kind") == "RunSnapshot");
  CHECK(frames[0].at("status") == "planned");
  // Then every event once, in seq order without gaps, planned -> running -> succeeded.
  std::int64_t seq = frames[0].at("sequence").as_int64();
  bool saw_running = false;
  for (std::size_t i = 1; i < frames.size(); ++i) {
    CHECK(frames[i].at("kind") == "RunEvent");
    CHECK(frames[i].at("sequence").as_int64() == ++seq);
    saw_running = saw_running || frames[i].at("status") == "running";
  }
  CHECK(saw_running);
  CHECK(frames.back().at("event").at("kind") == "run_succeeded");
  CHECK(frames.back().at("status") == "succeeded");
  CHECK(frames.back().at("event").at("done_steps") == steps);

  // A client that reconnects after the third event gets exactly the rest.
  const auto third = frames[3].at("sequence").as_int64();
  const fs::path resumed_out = lfd.dir() / "resumed.json";
  const auto resumed =
      lf_test::run_process(decoder.command({"live",
                                            live_url + "?after_seq=" + std::to_string(third),
                                            (lfd.dir() / "resumed.ready").string(),
                                            resumed_out.string()}));
  REQUIRE(resumed.exit_code == 0);
  const auto rest = boost::json::parse(lf_test::read_file(resumed_out));
  CHECK(rest.at("close").at("code") == 1000);
  const auto& again = frames_of(rest);
  REQUIRE(again.size() == frames.size() - 4);
  for (std::size_t i = 0; i < again.size(); ++i) {
    CHECK(again[i].at("sequence") == frames[i + 4].at("sequence"));
    CHECK(again[i].at("event").at("kind") == frames[i + 4].at("event").at("kind"));
  }

  // The final snapshot says the run is over and nothing follows.
  const auto final_snapshot =
      decoder.decode({"http", lfd.url() + "/runtime/streams/watched/snapshot.fb"});
  CHECK(final_snapshot.at("frame").at("status") == "succeeded");
  CHECK(final_snapshot.at("frame").at("snapshot").at("finished") == true);
  CHECK(final_snapshot.at("frame").at("snapshot").at("succeeded_steps") == steps);

  // Connected while lfd itself executes the run: the frames come from the
  // engine's subscription and end the same way.
  const auto second = client.post(
      "/runs/exec",
      R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"second","inputs":{"question":"Why?"}})");
  REQUIRE(second.status == 202);
  const fs::path second_out = lfd.dir() / "second.json";
  const auto followed = lf_test::run_process(decoder.command(
      {"live",
       "ws://127.0.0.1:" + std::to_string(lfd.port()) + "/runtime/streams/second/live",
       (lfd.dir() / "second.ready").string(),
       second_out.string()}));
  REQUIRE(followed.exit_code == 0);
  const auto live_second = boost::json::parse(lf_test::read_file(second_out));
  INFO(lf_test::read_file(second_out));
  CHECK(live_second.at("errors").as_array().empty());
  CHECK(live_second.at("close").at("code") == 1000);
  CHECK(live_second.at("close").at("reason") == "run succeeded");
  const auto& second_frames = frames_of(live_second);
  REQUIRE_FALSE(second_frames.empty());
  CHECK(second_frames[0].at("kind") == "RunSnapshot");
  std::int64_t next = second_frames[0].at("sequence").as_int64();
  for (std::size_t i = 1; i < second_frames.size(); ++i) {
    CHECK(second_frames[i].at("sequence").as_int64() == ++next);
  }
  CHECK(second_frames.back().at("status") == "succeeded");
}

TEST_CASE("a live client that stops reading is dropped and resumes with after_seq",
          "[lfd][stream]") {
  LfdServer lfd;
  const Decoder decoder(lfd.dir() / "decoder");
  HttpClient client(lfd.port());
  REQUIRE(
      client
          .post(
              "/runs",
              R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"busy","inputs":{"question":"q"}})")
          .status
      == 202);
  // Far more events than lfd queues for one client (1,024 frames) and than
  // the sockets buffer: a retry storm appended to the run's log.
  constexpr int kEvents = 40000;
  const fs::path log = lfd.dir() / "state/lightflow/runs/busy/events.jsonl";
  std::string lines;
  for (int seq = 2; seq <= kEvents + 1; ++seq) {
    lines += R"({"seq":)" + std::to_string(seq)
             + R"(,"time":"2026-11-28T10:00:00.000Z","event":"step.retried","run_id":"busy",)"
               R"("step_id":"optimist","detail":"attempt","done_steps":0,"total_steps":3})"
               "\n";
  }
  lf_test::write_file(log, lf_test::read_file(log) + lines);

  const std::string url =
      "ws://127.0.0.1:" + std::to_string(lfd.port()) + "/runtime/streams/busy/live";
  const fs::path out = lfd.dir() / "slow.json";
  // It reads nothing for longer than lfd waits for a full queue (5 s).
  lf_test::BackgroundProcess slow(
      decoder.command({"slow", url + "?after_seq=0", "8000", out.string()}));
  // While that client reads nothing, lfd answers everyone else.
  for (int i = 0; i < 20; ++i) {
    CHECK(client.get("/runs/busy/status").status == 200);
  }
  wait_for_exit(slow);
  const auto dropped = boost::json::parse(lf_test::read_file(out));
  INFO(lf_test::read_file(out));
  CHECK(dropped.at("close").at("code") == 1008);
  CHECK(dropped.at("errors").as_array().empty());
  CHECK(dropped.at("contiguous") == true);
  const auto count = dropped.at("count").as_int64();
  CHECK(count < kEvents + 1);
  CHECK(dropped.at("first") == (count > 0 ? 1 : 0));

  // Resuming after the last frame it got, it gets every event from there on.
  const auto last = dropped.at("last").as_int64();
  const fs::path resumed = lfd.dir() / "resumed.json";
  lf_test::BackgroundProcess reader(
      decoder.command({"slow", url + "?after_seq=" + std::to_string(last), "0", resumed.string()}));
  // The run stays planned, so the stream would stay open: cancelling it
  // writes its last events, after which the stream ends normally.
  REQUIRE(client.post("/runs/busy/cancel").status == 200);
  wait_for_exit(reader);
  const auto rest = boost::json::parse(lf_test::read_file(resumed));
  INFO(lf_test::read_file(resumed));
  CHECK(rest.at("contiguous") == true);
  CHECK(rest.at("first") == last + 1);
  CHECK(rest.at("close").at("code") == 1000);
}

TEST_CASE("a stopping lfd closes its live streams with 1001 and exits", "[lfd][stream]") {
  LfdServer lfd;
  const Decoder decoder(lfd.dir() / "decoder");
  HttpClient client(lfd.port());
  REQUIRE(
      client
          .post(
              "/runs",
              R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"idle","inputs":{"question":"q"}})")
          .status
      == 202);
  const fs::path ready = lfd.dir() / "idle.ready";
  const fs::path out = lfd.dir() / "idle.json";
  lf_test::BackgroundProcess live(decoder.command(
      {"live",
       "ws://127.0.0.1:" + std::to_string(lfd.port()) + "/runtime/streams/idle/live",
       ready.string(),
       out.string()}));
  wait_for_file(ready);
  // The run is planned and nothing executes it: only the stop ends the stream.
  CHECK(lfd.stop() == 0);
  wait_for_exit(live);
  const auto result = boost::json::parse(lf_test::read_file(out));
  INFO(lf_test::read_file(out));
  CHECK(result.at("close").at("code") == 1001);
  CHECK(frames_of(result).size() == 1);
  CHECK_FALSE(fs::exists(lfd.dir() / "runtime/lightflow/lfd.json"));
}
