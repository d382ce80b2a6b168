// A chunked stream (Server-Sent Events): the head, then chunks queued from any
// thread and written one at a time, then the last chunk. A client that falls
// max_queued_chunks behind is dropped; it reconnects with Last-Event-ID.

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/write.hpp>

#include "http_session_impl.hpp"

namespace lf::lfd {

namespace asio = boost::asio;
using boost::beast::error_code;

void HttpSession::open_stream(std::uint64_t exchange, Response head) {
  asio::post(stream_.get_executor(),
             [self = shared_from_this(), exchange, head = std::move(head)]() mutable {
               if (exchange == self->exchange_ && self->phase_ == Phase::handling) {
                 self->write_stream_head(std::move(head));
               }
             });
}

bool HttpSession::write_chunk(std::uint64_t exchange, std::string data) {
  if (client_gone_) {
    return false;
  }
  if (queued_ >= env_.limits.max_queued_chunks) {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->phase_ == Phase::streaming) {
        self->drop_stream();
      }
    });
    return false;
  }
  ++queued_;
  asio::post(stream_.get_executor(),
             [self = shared_from_this(), exchange, data = std::move(data)]() mutable {
               if (exchange == self->exchange_ && self->phase_ == Phase::streaming) {
                 self->chunks_.push_back(std::move(data));
                 self->flush_chunks();
               } else {
                 --self->queued_;
               }
             });
  return true;
}

void HttpSession::close_stream(std::uint64_t exchange) {
  asio::post(stream_.get_executor(), [self = shared_from_this(), exchange] {
    if (exchange == self->exchange_ && self->phase_ == Phase::streaming) {
      self->stream_closing_ = true;
      self->flush_chunks();
    }
  });
}

void HttpSession::write_stream_head(Response head) {
  phase_ = Phase::streaming;
  finish_headers(head.base());
  status_ = head.result_int();
  bytes_ = 0;
  stream_head_.emplace(std::move(head.base()));
  stream_head_->chunked(true);
  serializer_.emplace(*stream_head_);
  writing_ = true;
  stream_.expires_after(env_.limits.write_timeout);
  http::async_write_header(
      stream_, *serializer_, [self = shared_from_this()](error_code ec, std::size_t) {
        self->writing_ = false;
        if (ec) {
          return self->drop_stream();
        }
        // A quiet stream must not time out its next write.
        self->stream_.expires_never();
        self->flush_chunks();
      });
}

// Writes queued chunks one at a time, then the last chunk once the handler
// closed the stream.
void HttpSession::flush_chunks() {
  if (writing_ || phase_ != Phase::streaming) {
    return;
  }
  if (!chunks_.empty()) {
    writing_ = true;
    stream_.expires_after(env_.limits.write_timeout);
    asio::async_write(stream_,
                      http::make_chunk(asio::buffer(chunks_.front())),
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        self->writing_ = false;
                        self->bytes_ += self->chunks_.front().size();
                        self->chunks_.pop_front();
                        --self->queued_;
                        if (ec) {
                          return self->drop_stream();
                        }
                        self->stream_.expires_never();
                        self->flush_chunks();
                      });
    return;
  }
  if (stream_closing_) {
    writing_ = true;
    stream_.expires_after(env_.limits.write_timeout);
    asio::async_write(
        stream_, http::make_chunk_last(), [self = shared_from_this()](error_code ec, std::size_t) {
          self->writing_ = false;
          self->end_stream_state();
          self->after_write(ec);
        });
  }
}

void HttpSession::end_stream_state() {
  stream_closing_ = false;
  serializer_.reset();
  stream_head_.reset();
}

void HttpSession::drop_stream() {
  client_gone_ = true;
  end_stream_state();
  log_request();
  close();
}

}  // namespace lf::lfd
