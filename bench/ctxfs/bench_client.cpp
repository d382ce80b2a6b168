// ctxfs benchmark: (a) direct HTTP POSTs to a loopback OpenAI-compatible
// server that answers at once, versus (b) the same requests through a ctxfs
// mount (stage, rename, read <id>.wait). Prints requests/s and p50/p99 at 1
// and 8 clients. Usage: bench_client <ctxfs-binary> [requests-per-client]

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kReply =
    R"({"id":"chatcmpl-bench","object":"chat.completion","model":"bench","choices":[{"index":0,)"
    R"("message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],)"
    R"("usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})";
const std::string kBody = R"({"model":"bench","messages":[{"role":"user","content":"ping"}]})";

// One connection: read requests until the peer closes, answer each at once.
void serve_connection(tcp::socket socket) {
  beast::error_code ec;
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> req;
    http::read(socket, buffer, req, ec);
    if (ec) {
      return;
    }
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());
    res.body() = kReply;
    res.prepare_payload();
    http::write(socket, res, ec);
    if (ec || !req.keep_alive()) {
      return;
    }
  }
}

unsigned short start_server(asio::io_context& ioc, tcp::acceptor& acceptor) {
  acceptor.open(tcp::v4());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind({asio::ip::make_address("127.0.0.1"), 0});
  acceptor.listen(1024);
  std::thread([&ioc, &acceptor] {
    for (;;) {
      tcp::socket socket(ioc);
      beast::error_code ec;
      acceptor.accept(socket, ec);
      if (ec) {
        return;
      }
      std::thread(serve_connection, std::move(socket)).detach();
    }
  }).detach();
  return acceptor.local_endpoint().port();
}

// (a): a new connection per request, as ctxfs's provider does (which also
// keeps one io_context per thread).
void direct_post(unsigned short port) {
  thread_local asio::io_context ioc(1);
  tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> req{http::verb::post, "/v1/chat/completions", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/json");
  req.set(http::field::connection, "close");
  req.body() = kBody;
  req.prepare_payload();
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0
      || ::write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
    std::perror(path.c_str());
    std::exit(1);
  }
  ::close(fd);
}

// (b): stage, commit by rename, block on the .wait file.
void through_ctxfs(const std::filesystem::path& home, const std::string& id) {
  const auto inbox = home / "api/openai.chat/inbox";
  write_file(inbox / (id + ".tmp"), kBody);
  if (::rename((inbox / (id + ".tmp")).c_str(), (inbox / (id + ".req.json")).c_str()) != 0) {
    std::perror("rename");
    std::exit(1);
  }
  const int fd = ::open((home / "api/openai.chat/outbox" / (id + ".wait")).c_str(), O_RDONLY);
  char buffer[16];
  if (fd < 0 || ::read(fd, buffer, sizeof(buffer)) != 5 || std::string(buffer, 5) != "resp\n") {
    std::fprintf(stderr, "request %s failed\n", id.c_str());
    std::exit(1);
  }
  ::close(fd);
}

// CPU seconds (user + system) used so far by process `pid`, from /proc: less
// sensitive to other load on the machine than throughput.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto paren = text.rfind(')');
  if (paren == std::string::npos) {
    return 0;
  }
  std::istringstream fields(text.substr(paren + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i >= 14) {
      ticks += std::stod(field);  // utime, stime
    }
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// `daemon` (0: none) is counted with this process (client and provider).
template <typename Op>
void measure(const char* label, int clients, int per_client, pid_t daemon, Op op) {
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
  const auto cpu = [daemon] {
    return cpu_seconds(::getpid()) + (daemon ? cpu_seconds(daemon) : 0);
  };
  const double cpu_start = cpu();
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      for (int i = 0; i < per_client; ++i) {
        const auto t0 = Clock::now();
        op(c, i);
        latencies[static_cast<std::size_t>(c)].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu_used = cpu() - cpu_start;
  std::vector<double> all;
  for (const auto& l : latencies) {
    all.insert(all.end(), l.begin(), l.end());
  }
  std::sort(all.begin(), all.end());
  const auto pick = [&all](double q) {
    return all[static_cast<std::size_t>(q * static_cast<double>(all.size() - 1))];
  };
  std::printf(
      "%-28s clients=%d  requests=%zu  %8.0f req/s  p50=%7.0f us  p99=%7.0f us  cpu=%5.0f us/req\n",
      label,
      clients,
      all.size(),
      static_cast<double>(all.size()) / seconds,
      pick(0.50),
      pick(0.99),
      cpu_used * 1e6 / static_cast<double>(all.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_client <ctxfs-binary> [requests-per-client]\n");
    return 2;
  }
  const int per_client = argc > 2 ? std::atoi(argv[2]) : 500;
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc);
  const unsigned short port = start_server(ioc, acceptor);
  for (const int clients : {1, 8}) {
    const int n = clients == 1 ? per_client : per_client / 2;
    measure("(a) direct HTTP", clients, n, 0, [port](int, int) { direct_post(port); });
  }
  for (const char* durability : {"--timeout-ms=30000", "--no-fsync"}) {
    char dir_template[] = "/tmp/ctxfs-bench-XXXXXX";
    const std::filesystem::path dir = ::mkdtemp(dir_template);
    const auto mnt = dir / "mnt";
    std::filesystem::create_directories(mnt);
    const pid_t daemon = ::fork();
    if (daemon == 0) {
      ::setenv("CORTEXFS_OPENAI_BASE_URL", ("http://127.0.0.1:" + std::to_string(port)).c_str(), 1);
      ::execl(argv[1],
              argv[1],
              "mount",
              mnt.c_str(),
              "--state-dir",
              (dir / "state").c_str(),
              "--config-dir",
              (dir / "config").c_str(),
              "--workers",
              "8",
              durability,
              static_cast<char*>(nullptr));
      std::_Exit(127);
    }
    const auto home = mnt / "home" / std::to_string(::getuid());
    for (int i = 0; i < 500 && !std::filesystem::exists(home / "api"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const std::string label =
        std::string("(b) ctxfs ") + (durability[2] == 'n' ? "--no-fsync" : "fsync");
    for (const int clients : {1, 8}) {
      const int n = clients == 1 ? per_client : per_client / 2;
      measure(label.c_str(), clients, n, daemon, [&home, clients](int c, int i) {
        through_ctxfs(
            home,
            "b" + std::to_string(clients) + "-" + std::to_string(c) + "-" + std::to_string(i));
      });
    }
    std::system(("fusermount3 -u " + mnt.string()).c_str());
    ::kill(daemon, SIGTERM);
    ::waitpid(daemon, nullptr, 0);
    std::filesystem::remove_all(dir);
  }
  return 0;
}
