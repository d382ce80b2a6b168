#include "stdio_loop.hpp"

#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <mutex>
#include <string>

#include <boost/json/serialize.hpp>

#include <lightflow/base/text_file.hpp>

namespace lf::mcp {
namespace {

// stdout, shared by the reader and the long calls' threads: whole lines only.
class LineWriter {
 public:
  void write(const boost::json::value& message) {
    std::string line = boost::json::serialize(message);
    line += '\n';
    std::lock_guard lock(mutex_);
    if (broken_) {
      return;
    }
    // A client that has gone away makes writes fail (SIGPIPE is ignored):
    // stop writing, the reader will see EOF.
    if (!base::write_all(STDOUT_FILENO, line, "stdout")) {
      broken_ = true;
    }
  }

 private:
  std::mutex mutex_;  ///< guards broken_ and the order of lines
  bool broken_ = false;
};

class StdioChannel : public Channel {
 public:
  explicit StdioChannel(LineWriter& writer) : writer_(writer) {}

  void notify(const boost::json::object& notification) override { writer_.write(notification); }

  void reply(Reply reply) override {
    if (reply.message) {
      writer_.write(*reply.message);
    }
  }

 private:
  LineWriter& writer_;
};

}  // namespace

int run_stdio(Server& server) {
  LineWriter writer;
  const auto channel = std::make_shared<StdioChannel>(writer);
  std::string line;
  bool oversized = false;  // skipping the rest of a line over the limit
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    std::string_view chunk(buffer, static_cast<std::size_t>(got));
    while (!chunk.empty()) {
      const std::size_t newline = chunk.find('\n');
      const std::string_view part = chunk.substr(0, newline);
      if (!oversized) {
        line.append(part);
      }
      if (line.size() > kMaxLineBytes) {
        oversized = true;
        line.clear();
      }
      if (newline == std::string_view::npos) {
        break;
      }
      chunk.remove_prefix(newline + 1);
      if (oversized) {
        writer.write(boost::json::object{{"jsonrpc", "2.0"},
                                         {"id", nullptr},
                                         {"error",
                                          {{"code", -32700},
                                           {"message",
                                            "parse error: the message is longer than "
                                                + std::to_string(kMaxLineBytes >> 20) + " MiB"}}}});
        oversized = false;
      } else if (line.find_first_not_of(" \t\r") != std::string::npos) {
        server.handle(line, channel);
      }
      line.clear();
    }
  }
  if (!line.empty() || oversized) {
    std::cerr << "lf-mcp: input ended in the middle of a message; it was ignored\n";
  }
  server.shutdown();
  return 0;
}

}  // namespace lf::mcp
