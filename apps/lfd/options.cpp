#include "options.hpp"

#include <cstdlib>
#include <iostream>

#include <boost/program_options.hpp>

#include <lightflow/base/confined_file.hpp>
#include <lightflow/base/text_file.hpp>

namespace lf::lfd {

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: lfd [options]\n\nLightFlow's HTTP gateway (see docs/lfd.md).\n\n";

po::options_description describe(CommandLine& line, std::vector<std::string>& origins) {
  ServerOptions& s = line.server;
  po::options_description options("Options");
  options.add_options()("help,h", "print this help and exit")("version",
                                                              "print the version and exit")(
      "project", po::value<std::string>(), "the project whose assets are served (default: cwd)")(
      "host", po::value<std::string>(&s.host)->default_value(s.host), "TCP address to listen on")(
      "port",
      po::value<unsigned short>(&s.port)->default_value(s.port),
      "TCP port (0: any free one)")("no-tcp", "listen on the Unix socket only")(
      "socket",
      po::value<std::string>()->implicit_value(""),
      "also listen on a Unix socket (default path: $XDG_RUNTIME_DIR/lightflow/lfd.sock)")(
      "token-file",
      po::value<std::string>(),
      "file holding the bearer token (else $LIGHTFLOW_TOKEN)")(
      "cors-origin",
      po::value<std::vector<std::string>>(&origins)->composing(),
      "an origin allowed cross-origin (repeatable; none by default)")(
      "threads", po::value<unsigned>(&s.io_threads), "I/O threads (default: one per core)")(
      "workers", po::value<unsigned>(&s.work_threads), "handler threads (default: one per core)")(
      "max-executions",
      po::value<std::size_t>(&s.max_executions)->default_value(s.max_executions),
      "runs executed at once in this process")(
      "body-limit",
      po::value<std::size_t>(&s.limits.body_limit)->default_value(s.limits.body_limit),
      "largest request body in bytes (413 beyond)")(
      "header-limit",
      po::value<std::uint32_t>(&s.limits.header_limit)->default_value(s.limits.header_limit),
      "largest request header in bytes (431 beyond)")(
      "idle-timeout-ms", po::value<long>()->default_value(60000), "keep-alive idle timeout")(
      "read-timeout-ms", po::value<long>()->default_value(10000), "time to send one whole request")(
      "shutdown-timeout-ms",
      po::value<long>()->default_value(10000),
      "how long SIGTERM waits for in-flight requests")("no-access-log", "log only start and stop")(
      "static-dir",
      po::value<std::string>(),
      "a web UI's files, served for non-API paths (default: <project>/LightFlowUI/dist when it "
      "exists)");
  return options;
}

}  // namespace

Result<CommandLine> parse_command_line(int argc, char** argv) {
  CommandLine line;
  std::vector<std::string> origins;
  const po::options_description options = describe(line, origins);
  po::variables_map vars;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), vars);
    po::notify(vars);
  } catch (const po::error& error) {
    return fail(Code::invalid_argument, error.what());
  }
  if (vars.count("help") != 0) {
    std::cout << kUsage << options << '\n';
    line.done = true;
    return line;
  }
  if (vars.count("version") != 0) {
    std::cout << "lfd " << LF_VERSION << '\n';
    line.done = true;
    return line;
  }
  for (const char* name : {"idle-timeout-ms", "read-timeout-ms", "shutdown-timeout-ms"}) {
    if (vars[name].as<long>() <= 0) {
      return fail(Code::invalid_argument, std::string("--") + name + " must be positive");
    }
  }
  ServerOptions& s = line.server;
  s.limits.idle_timeout = std::chrono::milliseconds(vars["idle-timeout-ms"].as<long>());
  s.limits.read_timeout = std::chrono::milliseconds(vars["read-timeout-ms"].as<long>());
  s.shutdown_timeout = std::chrono::milliseconds(vars["shutdown-timeout-ms"].as<long>());
  s.tcp = vars.count("no-tcp") == 0;
  s.access_log = vars.count("no-access-log") == 0;
  s.access.cors_origins = origins;
  for (const std::string& origin : origins) {
    if (origin == "*" || origin.empty()) {
      return fail(Code::invalid_argument, "--cors-origin takes one exact origin, not a wildcard");
    }
  }
  if (vars.count("project") != 0) {
    line.project = vars["project"].as<std::string>();
  }
  if (vars.count("static-dir") != 0) {
    line.static_dir = vars["static-dir"].as<std::string>();
  }
  if (vars.count("token-file") != 0) {
    line.token_file = vars["token-file"].as<std::string>();
  }
  if (vars.count("socket") != 0) {
    const auto& path = vars["socket"].as<std::string>();
    line.default_socket = path.empty();
    if (!path.empty()) {
      s.unix_socket = path;
    }
  }
  return line;
}

Result<ServerOptions> resolve_options(CommandLine line, const core::ServiceConfig& config) {
  ServerOptions options = std::move(line.server);
  if (line.static_dir) {
    auto dir = base::real_directory(*line.static_dir);
    if (!dir) {
      return fail(Code::invalid_argument, "--static-dir " + dir.error().message);
    }
    options.static_dir = dir->string();
  } else if (auto beside = base::real_directory(config.project_root / "LightFlowUI" / "dist")) {
    options.static_dir = beside->string();
  }
  if (line.default_socket) {
    options.unix_socket = (config.dirs.runtime / "lfd.sock").string();
  }
  std::optional<std::string> token;
  if (line.token_file) {
    auto text = base::read_text_file(*line.token_file);
    if (!text) {
      return fail(text.error());
    }
    token = std::move(*text);
  } else if (const char* value = std::getenv("LIGHTFLOW_TOKEN")) {
    token = value;
  }
  if (token) {
    while (!token->empty() && std::isspace(static_cast<unsigned char>(token->back())) != 0) {
      token->pop_back();
    }
    if (token->empty()) {
      return fail(Code::invalid_argument, "the bearer token is empty");
    }
    options.access.token = std::move(token);
  }
  if (options.tcp && !is_loopback_host(options.host) && !options.access.token) {
    return fail(Code::invalid_argument,
                "listening on " + options.host
                    + " reaches beyond this machine: give a bearer token with --token-file or "
                      "LIGHTFLOW_TOKEN");
  }
  return options;
}

}  // namespace lf::lfd
