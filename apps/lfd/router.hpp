#pragma once

// The route table and what every request passes before its handler: CORS
// preflight, the bearer token, path decoding (no traversal), route and method
// matching, and the content-type check. Handlers run on the work executor so
// that a blocking Service call never stalls a connection's I/O.
// Thread-safety: add() before serving; dispatch() from any thread.

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "call.hpp"
#include "http_types.hpp"

namespace lf::lfd {

/// What a route accepts as a request body.
enum class BodyKind {
  none,           ///< any body is ignored
  json,           ///< a body, when present, must be application/json
  json_required,  ///< a JSON body is required
};

using Handler = std::function<void(const std::shared_ptr<Call>&)>;

/// Where a route's handler runs.
enum class Placement {
  /// On the work thread pool: any handler that may block for long (disk
  /// reads of unknown size, waits, compiler checks, execution).
  work_pool,
  /// Inline on the connection's I/O thread, saving two thread hops. Only for
  /// handlers whose every cost is bounded and small: a few stat calls and
  /// memory (a cached answer), never a wait. A blocking stat on a local disk
  /// stalls the I/O thread about as long as nginx's workers stall on their
  /// own stat and open calls; a cache miss reads one manifest.
  io_thread,
};

/// Who may call and from where.
struct AccessPolicy {
  std::optional<std::string> token;       ///< required as "Authorization: Bearer …" when set
  std::vector<std::string> cors_origins;  ///< exact origins allowed cross-origin
};

class Router {
 public:
  explicit Router(AccessPolicy policy) : policy_(std::move(policy)) {}

  /// Adds `pattern` ("/runs/{run_id}/status"): literal segments and {name}
  /// parameters. A GET route also answers HEAD.
  void add(http::verb method,
           std::string pattern,
           BodyKind body,
           Handler handler,
           Placement placement = Placement::work_pool);

  /// Answers GET and HEAD of paths under no route's first segment (a web
  /// UI's files, static_files.hpp). Such requests need no token: a browser
  /// loads a page before its script can send one.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  /// Routes `request` and eventually answers through `responder` exactly once.
  void dispatch(Request request,
                ServerContext& server,
                const std::shared_ptr<Responder>& responder) const;

  /// The CORS headers for `origin` when it is allowed, added to `response`.
  void add_cors(std::string_view origin, Response& response) const;

 private:
  struct Route {
    http::verb method;
    std::vector<std::string> segments;
    BodyKind body;
    Handler handler;
    Placement placement;
  };

  /// std::nullopt when the request may go on; else the answer.
  std::optional<Response> gate(const Request& request) const;

  /// Runs `handler` where `placement` says, answering 500 when it throws.
  static void run(const Handler& handler, std::shared_ptr<Call> call, Placement placement);

  /// Runs `handler` here and now, answering 500 when it throws.
  static void run_here(const Handler& handler, const std::shared_ptr<Call>& call) noexcept;

  /// Whether `request` goes to the fallback.
  bool for_fallback(const Request& request) const;

  AccessPolicy policy_;
  std::vector<Route> routes_;
  std::set<std::string, std::less<>> roots_;  ///< the routes' first segments
  Handler fallback_;
};

/// Splits the path of `target` into percent-decoded segments. invalid_argument
/// for a bad escape or a segment that is empty, ".", ".." or holds '/' or NUL
/// after decoding (path traversal).
Result<std::vector<std::string>> path_segments(std::string_view target);

/// The percent-decoded query parameters of `target` ('+' is a space).
Result<std::map<std::string, std::string, std::less<>>> query_parameters(std::string_view target);

}  // namespace lf::lfd
