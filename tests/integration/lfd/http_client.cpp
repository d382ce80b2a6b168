#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/json/parse.hpp>

namespace lfd_test {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

tcp::endpoint loopback(unsigned short port) {
  return {asio::ip::make_address("127.0.0.1"), port};
}

std::string lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

}  // namespace

boost::json::value HttpResponse::json() const {
  return boost::json::parse(body);
}

std::string HttpResponse::header(const std::string& lower_name) const {
  const auto found = headers.find(lower_name);
  return found == headers.end() ? "" : found->second;
}

HttpClient::HttpClient(unsigned short port) : socket_(io_) {
  socket_.connect(loopback(port));
}

HttpResponse HttpClient::request(http::verb method,
                                 const std::string& target,
                                 const std::string& body,
                                 const Headers& headers) {
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
  }
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  request.body() = body;
  request.prepare_payload();
  http::write(socket_, request);
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(method == http::verb::head);
  http::read(socket_, buffer_, parser);
  const auto& message = parser.get();
  HttpResponse response;
  response.status = message.result_int();
  for (const auto& field : message) {
    response.headers[lower(std::string(field.name_string()))] = std::string(field.value());
  }
  response.body = message.body();
  response.keep_alive = message.keep_alive();
  return response;
}

bool HttpClient::closed_by_peer() {
  char byte = 0;
  boost::system::error_code ec;
  socket_.read_some(asio::buffer(&byte, 1), ec);
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

SseStream::SseStream(unsigned short port, const std::string& target, const Headers& headers)
    : socket_(io_) {
  socket_.connect(loopback(port));
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::accept, "text/event-stream");
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  http::write(socket_, request);
  parser_.body_limit(64 * 1024 * 1024);
  http::read_header(socket_, buffer_, parser_);
}

std::optional<SseEvent> SseStream::next() {
  for (;;) {
    const std::string& body = parser_.get().body();
    const std::size_t end = body.find("\n\n", consumed_);
    if (end != std::string::npos) {
      const std::string block = body.substr(consumed_, end - consumed_);
      consumed_ = end + 2;
      if (block.starts_with(":")) {
        continue;  // a comment (keep-alive)
      }
      SseEvent event;
      std::size_t start = 0;
      while (start <= block.size()) {
        const std::size_t newline = std::min(block.find('\n', start), block.size());
        const std::string line = block.substr(start, newline - start);
        if (line.starts_with("id: ")) {
          event.id = line.substr(4);
        } else if (line.starts_with("event: ")) {
          event.event = line.substr(7);
        } else if (line.starts_with("data: ")) {
          event.data += line.substr(6);
        }
        start = newline + 1;
      }
      return event;
    }
    if (parser_.is_done()) {
      return std::nullopt;
    }
    boost::system::error_code ec;
    http::read_some(socket_, buffer_, parser_, ec);
    if (ec == http::error::end_of_stream || ec == asio::error::eof) {
      return std::nullopt;
    }
    if (ec) {
      throw boost::system::system_error(ec);
    }
  }
}

}  // namespace lfd_test
