// Issue 14: the run store's own promises against hostile input: run ids and
// run directories that are not UTF-8, state created under a loose umask, and
// full state disks. Each test prints its figures (run ctest with -V to see them).

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "../runs/runs_sandbox.hpp"
#include "fake_provider.hpp"
#include "faults_support.hpp"
#include "lf_exec.hpp"

namespace fs = std::filesystem;
using ctxfs_test::CtxfsMount;
using exec_test::Lf;
using faults_test::duplicate_request_lines;
using faults_test::write_dag_project;
using namespace std::chrono_literals;

namespace {

// Restores the umask a test changed, also when it fails.
struct ScopedUmask {
  mode_t previous;

  explicit ScopedUmask(mode_t mask) : previous(::umask(mask)) {}

  ~ScopedUmask() { ::umask(previous); }
};

// errno of open(path) in a child running as uid/gid 65534 (nobody); 0 if it opened.
int errno_as_nobody(const fs::path& path) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
      ::_exit(250);
    }
    const int fd = ::open(path.c_str(), O_RDONLY);
    ::_exit(fd >= 0 ? 0 : errno);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("issue 14: a run id that is not UTF-8 is refused and listings stay valid JSON",
          "[faults][utf8]") {
  lf_runs_test::RunsSandbox lf;
  const auto refused = lf.run(
      {"run", "create", "workflow.text_plan", "--id", "bad\xff", "--inputs", R"({"prompt":"x"})"});
  CHECK(refused.exit_code == 3);  // invalid_argument
  CHECK_THAT(refused.err, Catch::Contains("bad\\xff") && Catch::Contains("valid UTF-8"));
  CHECK_FALSE(fs::exists(lf.runs_dir() / "bad\xff"));

  lf.json({"run", "create", "workflow.text_plan", "--id", "good", "--inputs", R"({"prompt":"x"})"});
  // What an earlier version (or a person) may have left in runs/.
  fs::copy(lf.runs_dir() / "good", lf.runs_dir() / "odd\xfe\xff", fs::copy_options::recursive);
  const auto listed = lf.run({"run", "list", "--json"});
  INFO(listed.out);
  REQUIRE(listed.exit_code == 0);
  boost::system::error_code ec;
  const auto listing = boost::json::parse(listed.out, ec);  // refuses invalid UTF-8
  REQUIRE_FALSE(ec);
  CHECK(listing.at("runs").as_array().size() == 1);
  REQUIRE(listing.at("problems").as_array().size() == 1);
  CHECK(listing.at("problems").as_array()[0].at("run_id") == "odd\\xfe\\xff");
  const auto table = lf.run({"run", "list"});
  CHECK(table.exit_code == 0);
}

TEST_CASE("issue 14: state directories are 0700 under umask 022 and closed to other users",
          "[faults][modes]") {
  const ScopedUmask loose(022);
  lf_runs_test::RunsSandbox lf;
  lf.json({"run", "create", "workflow.text_plan", "--id", "r", "--inputs", R"({"prompt":"x"})"});
  for (const fs::path& dir : {lf.runs_dir().parent_path(), lf.runs_dir(), lf.runs_dir() / "r"}) {
    INFO(dir);

    struct stat info {};

    REQUIRE(::stat(dir.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
  }
  if (::geteuid() != 0) {
    std::cout << "modes: not root, so no other user to try reading request.json as\n";
    return;
  }
  // Another user cannot read the run's request (which holds the prompt).
  CHECK(errno_as_nobody(lf.runs_dir() / "r" / "request.json") == EACCES);
  CHECK(errno_as_nobody(lf.runs_dir()) == EACCES);
}

TEST_CASE("issue 14: a full state disk gives a clear error and damages no record",
          "[faults][disk]") {
  if (::geteuid() != 0) {
    std::cout << "SKIPPED: mounting a small tmpfs for XDG_STATE_HOME needs root\n";
    std::exit(77);
  }
  lf_runs_test::RunsSandbox lf;
  lf_test::TempDir disk("lf-faults-disk");
  if (::mount("tmpfs", disk.path().c_str(), "tmpfs", 0, "size=512k,mode=0755") != 0) {
    std::cout << "SKIPPED: cannot mount a tmpfs here: " << std::strerror(errno) << "\n";
    std::exit(77);
  }

  struct Unmount {
    fs::path dir;

    ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
  } unmount{disk.path()};

  auto options = lf.options();
  options.env["XDG_STATE_HOME"] = disk.path().string();
  const auto lf_run = [&](const std::vector<std::string>& args) {
    return lf_test::run_process(lf.argv(args), options);
  };
  const auto create = [&](const std::string& id) {
    return lf_run(
        {"run", "create", "workflow.text_plan", "--id", id, "--inputs", R"({"prompt":"p"})"});
  };
  REQUIRE(create("before").exit_code == 0);
  const std::string before = lf_run({"run", "get", "before"}).out;

  // Fill the disk to the last byte.
  const fs::path filler = disk / "filler";
  {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(4096, 'f');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) {
    }
  }
  int clear_errors = 0;
  int attempts = 0;
  for (const std::string id : {"during1", "during2", "during3"}) {
    const auto full = create(id);
    ++attempts;
    INFO(full.err);
    CHECK(full.exit_code == 8);  // io_error
    clear_errors += full.err.find("No space left on device") != std::string::npos ? 1 : 0;
  }
  // A step submitted on the full disk: refused or recorded, never half-written.
  const auto submitted = lf_run({"run", "submit", "before", "draft"});
  if (submitted.exit_code != 0) {
    CHECK_THAT(submitted.err, Catch::Contains("No space left on device"));
  }

  const auto listed = lf_run({"run", "list", "--json"});
  REQUIRE(listed.exit_code == 0);
  const auto listing = boost::json::parse(listed.out).as_object();
  CHECK(listing.at("problems").as_array().empty());
  CHECK(listing.at("runs").as_array().size() == 1);
  const auto again = lf_run({"run", "get", "before"});
  REQUIRE(again.exit_code == 0);
  if (submitted.exit_code != 0) {
    CHECK(again.out == before);  // nothing of the failed update reached the record
  }
  for (const auto& entry : fs::directory_iterator(disk / "lightflow/runs")) {
    CHECK(entry.path().filename() == "before");  // no staging directory left behind
  }

  // With space again, everything works.
  fs::remove(filler);
  CHECK(create("after").exit_code == 0);
  if (submitted.exit_code != 0) {
    CHECK(lf_run({"run", "submit", "before", "draft"}).exit_code == 0);
  }
  std::cout << "full disk: " << attempts << " creates refused, " << clear_errors
            << " with \"No space left on device\"; problems in the listing afterwards: "
            << listing.at("problems").as_array().size() << "\n";
  CHECK(clear_errors == attempts);
}

TEST_CASE(
    "issue 14: a state disk that fills up under lf run exec stops it cleanly, and resume "
    "finishes the run",
    "[faults][disk]") {
  if (::geteuid() != 0) {
    std::cout << "SKIPPED: mounting a small tmpfs for XDG_STATE_HOME needs root\n";
    std::exit(77);
  }
  ctxfs_test::skip_unless_fuse();
  lf_test::TempDir disk("lf-faults-disk");
  if (::mount("tmpfs", disk.path().c_str(), "tmpfs", 0, "size=4m,mode=0755") != 0) {
    std::cout << "SKIPPED: cannot mount a tmpfs here: " << std::strerror(errno) << "\n";
    std::exit(77);
  }

  struct Unmount {
    fs::path dir;

    ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
  } unmount{disk.path()};

  CtxfsMount mount;
  Lf lf(mount);
  lf_test::TempDir project("lf-faults-project");
  const int steps = 80;
  write_dag_project(project.path(), steps, 4);
  auto options = lf.options();
  options.env["LIGHTFLOW_PROJECT"] = project.path().string();
  options.env["XDG_STATE_HOME"] = disk.path().string();
  const auto lf_run = [&](const std::vector<std::string>& args) {
    return lf_test::run_process(lf.argv(args), options);
  };
  lf_test::TempDir logs("lf-faults-logs");
  const fs::path log = logs / "exec.log";
  lf_test::BackgroundProcess exec(
      lf.argv({"run", "exec", "workflow.fault_dag", "--id", "full", "--no-cache", "--json"}),
      options,
      log);
  // Once some steps are done, fill the disk to the last byte.
  for (int i = 0; i < 1000; ++i) {
    const auto status = lf_run({"run", "status", "full", "--json"});
    if (status.exit_code == 0
        && boost::json::parse(status.out).as_object().at("succeeded_steps").as_int64() >= 8) {
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  const fs::path filler = disk / "filler";
  {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(4096, 'f');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) {
    }
  }
  for (int i = 0; i < 3000 && exec.running(); ++i) {
    std::this_thread::sleep_for(10ms);
  }
  const int code = exec.stop(SIGKILL);
  const std::string output = lf_test::read_file(log);
  INFO(output);
  // Either the run finished before the disk was full, or exec stopped with
  // the reason; never a crash, never a hang.
  CHECK((code == 0 || code == 8));
  if (code == 8) {
    CHECK_THAT(output, Catch::Contains("No space left on device"));
  }
  // The record reads back whole while the disk is still full.
  const auto listed = lf_run({"run", "list", "--json"});
  REQUIRE(listed.exit_code == 0);
  CHECK(boost::json::parse(listed.out).at("problems").as_array().empty());
  REQUIRE(lf_run({"run", "get", "full"}).exit_code == 0);

  fs::remove(filler);
  const auto resumed = lf_run({"run", "resume", "full", "--no-cache", "--json"});
  INFO(resumed.err);
  CHECK((resumed.exit_code == 0 || code == 0));
  const auto manifest = boost::json::parse(lf_run({"run", "get", "full"}).out).as_object();
  int succeeded = 0;
  for (const auto& step : manifest.at("steps").as_array()) {
    succeeded += step.at("status") == "succeeded" ? 1 : 0;
  }
  std::set<std::string> copied;
  const int duplicates =
      duplicate_request_lines(disk / "lightflow/runs/full/outputs/requests.jsonl", copied);
  std::cout << "full disk under exec: exec exit " << code << ", steps succeeded after resume "
            << succeeded << " of " << steps << ", duplicate request lines " << duplicates << "\n";
  CHECK(succeeded == steps);
  CHECK(duplicates == 0);
}
