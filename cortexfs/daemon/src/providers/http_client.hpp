#pragma once

// A minimal HTTP/1.1 client for provider calls: one POST per connection, over
// Boost.Beast, with a connect timeout and a total deadline. Thread-safety:
// reentrant; each thread reuses its own io_context from call to call.

#include <chrono>
#include <string>
#include <string_view>

#include <lightflow/base/result.hpp>

#include "commit/call_canceller.hpp"

namespace lf::ctxfs {

/// A parsed http:// or https:// URL.
struct HttpUrl {
  std::string host;
  std::string port;  ///< "80" (http) or "443" (https) when absent
  std::string target;
  bool tls = false;  ///< https: TLS with peer and host-name verification
};

/// Parses "http[s]://host[:port][/path]". Returns invalid_argument for other
/// schemes and malformed URLs.
Result<HttpUrl> parse_http_url(std::string_view url);

struct HttpReply {
  unsigned status = 0;
  std::string body;
};

/// POSTs `body` as application/json. https verifies the peer against the
/// system's CA store plus CORTEXFS_CA_FILE when set. `bearer` adds an Authorization header
/// when not empty. Returns timeout when a deadline passes and unavailable for
/// connection and protocol failures, with the reason in the message.
/// `canceller` (may be null) can stop the call: it then returns cancelled.
Result<HttpReply> http_post(const HttpUrl& url,
                            std::string_view bearer,
                            std::string body,
                            std::chrono::milliseconds connect_timeout,
                            std::chrono::milliseconds total_timeout,
                            CallCanceller* canceller = nullptr);

}  // namespace lf::ctxfs
