#include "cli_options.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include <boost/program_options.hpp>

namespace lf::ctxfs {
namespace {

namespace po = boost::program_options;

std::filesystem::path xdg_dir(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  if (value != nullptr && *value != '\0') {
    return std::filesystem::path(value) / "cortexfs";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : "/") / fallback / "cortexfs";
}

unsigned env_ms(const char* variable, unsigned fallback) {
  const char* value = std::getenv(variable);
  if (value == nullptr || *value == '\0') {
    return fallback;
  }
  char* end = nullptr;
  const unsigned long parsed = std::strtoul(value, &end, 10);
  return end != nullptr && *end == '\0' && parsed > 0 ? static_cast<unsigned>(parsed) : fallback;
}

po::options_description visible_options() {
  po::options_description options("Options");
  // clang-format off
  options.add_options()
      ("help,h", "print this help and exit")
      ("version", "print the version and exit")
      ("daemon", "detach after mounting (default: stay in the foreground)")
      ("multi-user", "serve every user (adds allow_other; needs user_allow_other in /etc/fuse.conf)")
      ("state-dir", po::value<std::string>(), "committed requests and outcomes (default: $XDG_STATE_HOME/cortexfs)")
      ("config-dir", po::value<std::string>(), "channel configuration chan.d/ (default: $XDG_CONFIG_HOME/cortexfs)")
      ("workers", po::value<unsigned>(), "worker threads running requests (default 4)")
      ("connect-timeout-ms", po::value<unsigned>(), "provider connect timeout (default 15000)")
      ("timeout-ms", po::value<unsigned>(), "provider total timeout (default 30000)")
      ("no-fsync", "journal state without fdatasync: survives a daemon crash, not a power loss");
  // clang-format on
  return options;
}

}  // namespace

std::string usage_text() {
  std::ostringstream out;
  out << "Usage: ctxfs mount [<mountpoint>] [options]   (mountpoint defaults to /ctx)\n"
         "       ctxfs --help | --version\n\n"
         "ctxfs serves the CortexFS /ctx tree: requests committed into inboxes are run by a\n"
         "worker pool against the configured providers (channels, CORTEXFS_OPENAI_* or the\n"
         "built-in offline test/demo provider `local`). SIGINT/SIGTERM unmount cleanly.\n\n"
         "Environment: CORTEXFS_OPENAI_BASE_URL, CORTEXFS_OPENAI_API_KEY, CORTEXFS_OPENAI_MODEL\n"
         "(provider `openai-compatible`), CORTEXFS_CA_FILE (extra trusted CA for https),\n"
         "CORTEXFS_CONNECT_TIMEOUT_MS, CORTEXFS_TIMEOUT_MS. See docs/cortexfs.md.\n\n"
      << visible_options();
  return out.str();
}

Result<CliCommand> parse_command_line(const std::vector<std::string>& args) {
  po::options_description all = visible_options();
  all.add_options()("command", po::value<std::string>())("mount-point", po::value<std::string>());
  po::positional_options_description positional;
  positional.add("command", 1).add("mount-point", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return fail(Code::invalid_argument, e.what());
  }
  CliCommand command;
  if (vm.count("help") != 0) {
    return command;
  }
  if (vm.count("version") != 0) {
    command.action = CliAction::version;
    return command;
  }
  if (vm.count("command") == 0) {
    return fail(Code::invalid_argument, "missing command (try: ctxfs mount <dir>, ctxfs --help)");
  }
  if (vm["command"].as<std::string>() != "mount") {
    return fail(Code::invalid_argument,
                "unknown command '" + vm["command"].as<std::string>() + "' (try: ctxfs --help)");
  }
  command.action = CliAction::mount;
  DaemonConfig& config = command.config;
  std::error_code ec;
  auto absolute = [&ec](const std::filesystem::path& p) {
    return std::filesystem::absolute(p, ec);
  };
  config.mount_point =
      absolute(vm.count("mount-point") != 0 ? vm["mount-point"].as<std::string>() : "/ctx");
  config.state_dir =
      absolute(vm.count("state-dir") != 0 ? std::filesystem::path(vm["state-dir"].as<std::string>())
                                          : xdg_dir("XDG_STATE_HOME", ".local/state"));
  config.config_dir = absolute(vm.count("config-dir") != 0
                                   ? std::filesystem::path(vm["config-dir"].as<std::string>())
                                   : xdg_dir("XDG_CONFIG_HOME", ".config"));
  config.daemonize = vm.count("daemon") != 0;
  config.multi_user = vm.count("multi-user") != 0;
  config.durability = vm.count("no-fsync") != 0 ? Durability::page_cache : Durability::fsync;
  config.workers = vm.count("workers") != 0 ? vm["workers"].as<unsigned>() : 4U;
  if (config.workers == 0 || config.workers > 64) {
    return fail(Code::invalid_argument, "--workers must be between 1 and 64");
  }
  const unsigned connect = vm.count("connect-timeout-ms") != 0
                               ? vm["connect-timeout-ms"].as<unsigned>()
                               : env_ms("CORTEXFS_CONNECT_TIMEOUT_MS", 15000);
  const unsigned total = vm.count("timeout-ms") != 0 ? vm["timeout-ms"].as<unsigned>()
                                                     : env_ms("CORTEXFS_TIMEOUT_MS", 30000);
  config.timeouts.connect = std::chrono::milliseconds(connect);
  config.timeouts.total = std::chrono::milliseconds(total);
  config.uid = ::getuid();
  config.gid = ::getgid();
  if (ec) {
    return fail(error_from(ec, "current directory"));
  }
  return command;
}

}  // namespace lf::ctxfs
