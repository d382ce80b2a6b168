#include "lfd_server.hpp"

#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <lf_test/files.hpp>

namespace lfd_test {

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
  }
  return "";
}

namespace {

std::map<std::string, std::optional<std::string>> base_env(const std::filesystem::path& dir) {
  const auto source = lf_test::env_value("LF_SOURCE_DIR");
  if (!source) {
    throw std::runtime_error("LF_SOURCE_DIR is not set");
  }
  return {
      {"XDG_STATE_HOME", (dir / "state").string()},
      {"XDG_CACHE_HOME", (dir / "cache").string()},
      {"XDG_CONFIG_HOME", (dir / "config").string()},
      {"XDG_RUNTIME_DIR", (dir / "runtime").string()},
      {"LIGHTFLOW_PROJECT", *source},
      {"LIGHTFLOW_CTX_MOUNT", (dir / "ctx").string()},
      {"LIGHTFLOW_CTX_UID", "1000"},
      {"LIGHTFLOW_TOKEN", std::nullopt},
  };
}

}  // namespace

LfdServer::LfdServer(LfdOptions options) {
  std::filesystem::create_directories(inbox());
  std::filesystem::create_directories(outbox());
  std::filesystem::create_directories(dir() / "runtime");
  std::filesystem::permissions(dir() / "runtime", std::filesystem::perms::owner_all);
  lf_test::ProcessOptions process;
  process.env = base_env(dir());
  if (options.ctx_mount) {
    process.env["LIGHTFLOW_CTX_MOUNT"] = options.ctx_mount->string();
    process.env["LIGHTFLOW_CTX_UID"] = std::to_string(::getuid());
  }
  for (const auto& [name, value] : options.env) {
    process.env[name] = value;
  }
  std::vector<std::string> argv{lf_test::binary_from_env("LFD_BIN").string(), "--port", "0"};
  if (options.unix_socket) {
    argv.push_back("--socket");
  }
  argv.insert(argv.end(), options.args.begin(), options.args.end());
  process_ = std::make_unique<lf_test::BackgroundProcess>(argv, process, dir() / "lfd.log");
  // lfd logs {"event":"listening","addresses":["127.0.0.1:<port>",…]} once it accepts.
  const std::regex listening(R"("event":"listening","addresses":\["127\.0\.0\.1:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string text = log();
    if (std::regex_search(text, match, listening)) {
      port_ = static_cast<unsigned short>(std::stoi(match[1]));
      return;
    }
    if (!process_->running()) {
      throw std::runtime_error("lfd exited at start: " + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("lfd did not start listening: " + log());
}

LfdServer::~LfdServer() {
  process_->stop(15, std::chrono::milliseconds(15000));
}

std::string LfdServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::filesystem::path LfdServer::socket_path() const {
  return dir() / "runtime/lightflow/lfd.sock";
}

std::string LfdServer::log() const {
  try {
    return lf_test::read_file(dir() / "lfd.log");
  } catch (const std::exception&) {
    return "";
  }
}

bool LfdServer::wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (log().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::filesystem::path LfdServer::inbox() const {
  return dir() / "ctx/home/1000/api/openai.chat/inbox";
}

std::filesystem::path LfdServer::outbox() const {
  return dir() / "ctx/home/1000/api/openai.chat/outbox";
}

int LfdServer::stop(int signal, std::chrono::milliseconds grace) {
  return process_->stop(signal, grace);
}

lf_test::ProcessResult run_lfd(const std::vector<std::string>& args,
                               const std::map<std::string, std::optional<std::string>>& env) {
  lf_test::TempDir dir("lfd-run");
  lf_test::ProcessOptions options;
  options.env = base_env(dir.path());
  for (const auto& [name, value] : env) {
    options.env[name] = value;
  }
  std::vector<std::string> argv{lf_test::binary_from_env("LFD_BIN").string()};
  argv.insert(argv.end(), args.begin(), args.end());
  options.timeout = std::chrono::milliseconds(10000);
  return lf_test::run_process(argv, options);
}

lf_test::ProcessResult curl(const std::vector<std::string>& args) {
  static const std::string program = find_program("curl");
  if (program.empty()) {
    std::exit(77);
  }
  std::vector<std::string> argv{program, "--silent", "--show-error"};
  argv.insert(argv.end(), args.begin(), args.end());
  return lf_test::run_process(argv);
}

}  // namespace lfd_test
