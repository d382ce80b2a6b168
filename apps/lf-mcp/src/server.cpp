// lf::mcp::Server: reads a message (one request, one notification or a
// batch), hands each request to its method and answers once every request
// of the message has its response.

#include <exception>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>

#include "server_impl.hpp"
#include <lf_mcp/server.hpp>

namespace lf::mcp {
namespace {

// Collects the responses to the requests of one message; the last one to
// arrive sends the reply.
class PendingReply {
 public:
  PendingReply(std::shared_ptr<Channel> channel, std::size_t requests, bool batch)
      : channel_(std::move(channel)), slots_(requests), remaining_(requests), batch_(batch) {}

  void fill(std::size_t slot, Answer answer) {
    std::unique_lock lock(mutex_);
    slots_[slot] = std::move(answer.response);
    opened_session_ = opened_session_ || answer.opened_session;
    if (--remaining_ != 0) {
      return;
    }
    lock.unlock();
    Reply reply;
    reply.had_requests = true;
    reply.opened_session = opened_session_;
    if (batch_) {
      boost::json::array responses;
      for (auto& response : slots_) {
        if (response) {
          responses.emplace_back(std::move(*response));
        }
      }
      if (!responses.empty()) {
        reply.message = std::move(responses);
      }
    } else if (slots_.front()) {
      reply.message = std::move(*slots_.front());
    }
    channel_->reply(std::move(reply));
  }

 private:
  std::shared_ptr<Channel> channel_;
  std::mutex mutex_;  ///< guards slots_, remaining_ and opened_session_
  std::vector<std::optional<boost::json::object>> slots_;
  std::size_t remaining_;
  bool batch_;
  bool opened_session_ = false;
};

// One element of a message: a request to dispatch or a response already made.
struct Item {
  std::optional<Request> request;
  std::optional<boost::json::object> response;
};

boost::json::object internal_error(const boost::json::value& id, const char* what) {
  return error_response(
      id, RpcError{rpc::kInternalError, std::string("internal error: ") + what, nullptr});
}

}  // namespace

Server::Server(core::Service& service, Options options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {}

Server::~Server() {
  shutdown();
}

void Server::shutdown() {
  impl_->calls.stop_all();
}

void Server::handle(std::string_view text,
                    const std::shared_ptr<Channel>& channel,
                    const std::string& scope) {
  boost::json::parse_options limits;
  limits.max_depth = 256;  // request bodies and inputs nest deeper than the default 32
  boost::system::error_code ec;
  boost::json::value message = boost::json::parse(text, ec, {}, limits);
  if (ec) {
    channel->reply(
        Reply{error_response(nullptr,
                             RpcError{rpc::kParseError, "parse error: " + ec.message(), nullptr}),
              true,
              false});
    return;
  }
  const bool batch = message.is_array();
  if (batch && message.get_array().empty()) {
    channel->reply(
        Reply{error_response(nullptr, RpcError{rpc::kInvalidRequest, "an empty batch", nullptr}),
              true,
              false});
    return;
  }
  std::vector<Item> items;
  const auto read = [&](const boost::json::value& element) {
    std::optional<Request> request;
    boost::json::value id;
    if (auto error = read_request(element, request, id)) {
      items.push_back(Item{std::nullopt, error_response(id, *error)});
    } else if (request && request->id.is_null()) {
      impl_->notice(*request, scope);
    } else if (request) {
      items.push_back(Item{std::move(request), std::nullopt});
    }
  };
  if (batch) {
    for (const auto& element : message.get_array()) {
      read(element);
    }
  } else {
    read(message);
  }
  if (items.empty()) {
    channel->reply(Reply{std::nullopt, false, false});
    return;
  }
  auto pending = std::make_shared<PendingReply>(channel, items.size(), batch);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].response) {
      pending->fill(i, Answer{std::move(items[i].response), false});
      continue;
    }
    const boost::json::value id = items[i].request->id;
    const auto done = [pending, i](Answer answer) {
      pending->fill(i, std::move(answer));
    };
    // No exception may reach the transport: it would lose the client's reply.
    try {
      impl_->dispatch(std::move(*items[i].request), channel, scope, done);
    } catch (const std::exception& error) {
      done(Answer{internal_error(id, error.what()), false});
    } catch (...) {
      done(Answer{internal_error(id, "unexpected exception"), false});
    }
  }
}

}  // namespace lf::mcp
