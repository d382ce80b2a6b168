// Run-store benchmark. (1) N creates of the three-step example workflow
// through lf::core::Service, against a baseline that writes the same files
// with the same bytes using the same temp + fsync + rename + directory fsync
// pattern; the target is a ratio of at most 2. (2) `lf run list --json` over
// M runs (copies of one run), timed as a real process.
// Usage: runs_bench <repo-root> <lf-binary> [creates] [listed-runs]

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include <lightflow/core/service.hpp>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void check(bool ok, const char* what) {
  if (!ok) {
    std::perror(what);
    std::exit(1);
  }
}

// The baseline's one durable write: temp file, fsync, rename, fsync the directory.
void durable_write(const fs::path& dir, const std::string& name, const std::string& bytes) {
  const fs::path temp = dir / ("." + name + ".tmp");
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  check(fd >= 0, "open");
  check(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()), "write");
  check(fsync(fd) == 0, "fsync");
  close(fd);
  check(rename(temp.c_str(), (dir / name).c_str()) == 0, "rename");
  const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  check(dfd >= 0 && fsync(dfd) == 0, "fsync dir");
  close(dfd);
}

lf::core::Service make_service(const fs::path& repo, const fs::path& work) {
  lf::core::ServiceConfig config;
  config.project_root = repo;
  config.ctx = lf::ctxabi::Layout(work / "ctx", 1000);
  config.dirs.state = work / "state" / "lightflow";
  return lf::core::Service(std::move(config));
}

double bench_service(const lf::core::Service& service, int creates) {
  const auto start = Clock::now();
  for (int i = 0; i < creates; ++i) {
    auto created =
        service.run_create(lf::core::CreateRunRequest{"s" + std::to_string(i),
                                                      "workflow.outline_draft_review",
                                                      boost::json::object{{"topic", "owls"}}});
    if (!created) {
      std::fprintf(stderr, "create failed: %s\n", created.error().message.c_str());
      std::exit(1);
    }
  }
  return seconds_since(start);
}

double bench_baseline(const fs::path& sample, const fs::path& root, int creates) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const char* name :
       {"request.json", "resolved_workflow.json", "events.jsonl", "trace.jsonl", "manifest.json"}) {
    files.emplace_back(name, slurp(sample / name));
  }
  fs::create_directories(root);
  const auto start = Clock::now();
  for (int i = 0; i < creates; ++i) {
    const fs::path dir = root / ("b" + std::to_string(i));
    check(mkdir(dir.c_str(), 0755) == 0, "mkdir");
    check(mkdir((dir / "outputs").c_str(), 0755) == 0, "mkdir outputs");
    for (const auto& [name, bytes] : files) {
      durable_write(dir, name, bytes);
    }
  }
  return seconds_since(start);
}

// M copies of one run, each with its own id in its manifest (no fsync: setup only).
void populate(const fs::path& sample, const fs::path& runs, int count) {
  const std::string manifest = slurp(sample / "manifest.json");
  const std::string id_field = "\"run_id\": \"s0\"";
  const auto at = manifest.find(id_field);
  for (int i = 0; i < count; ++i) {
    const std::string id = "l" + std::to_string(i);
    fs::create_directories(runs / id / "outputs");
    std::string copy = manifest;
    copy.replace(at, id_field.size(), "\"run_id\": \"" + id + "\"");
    std::ofstream(runs / id / "manifest.json") << copy;
    for (const char* name : {"request.json", "resolved_workflow.json", "events.jsonl"}) {
      fs::copy_file(sample / name, runs / id / name);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: runs_bench <repo-root> <lf-binary> [creates] [listed-runs]\n");
    return 2;
  }
  const fs::path repo = argv[1];
  const std::string lf = argv[2];
  const int creates = argc > 3 ? std::atoi(argv[3]) : 1000;
  const int listed = argc > 4 ? std::atoi(argv[4]) : 10000;
  const fs::path work = fs::temp_directory_path() / ("lf-runs-bench-" + std::to_string(getpid()));
  fs::create_directories(work / "ctx/home/1000/api/openai.chat/inbox");

  const auto service = make_service(repo, work);
  const double service_s = bench_service(service, creates);
  const fs::path sample = work / "state/lightflow/runs/s0";
  const double baseline_s = bench_baseline(sample, work / "baseline", creates);
  std::printf("creates: %d runs of workflow.outline_draft_review (4 run steps)\n", creates);
  std::printf("  service:  %.3f s  (%.2f ms/run)\n", service_s, 1000 * service_s / creates);
  std::printf("  baseline: %.3f s  (%.2f ms/run)\n", baseline_s, 1000 * baseline_s / creates);
  std::printf("  ratio:    %.2fx (target <= 2x)\n", service_s / baseline_s);

  const fs::path list_state = work / "list-state";
  populate(sample, list_state / "lightflow/runs", listed);
  const std::string command =
      "XDG_STATE_HOME='" + list_state.string() + "' '" + lf + "' run list --json > /dev/null";
  const auto start = Clock::now();
  const int rc = std::system(command.c_str());
  const double list_s = seconds_since(start);
  std::printf("lf run list --json over %d runs: %.3f s (exit %d)\n", listed, list_s, rc);
  fs::remove_all(work);
  return rc == 0 ? 0 : 1;
}
