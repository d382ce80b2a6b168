#pragma once

// lf::core::Service: every operation LightFlow offers, independent of transport.
// The lf CLI, the lfd HTTP gateway and the lf-mcp server parse their transport,
// call one method here and print its result; none of them owns behaviour.
// Each method returns a typed result or an lf::Error whose code maps to an HTTP
// status, an exit code and an MCP error (error_mapping.hpp).
// Thread-safety: const methods may be called concurrently.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include <lightflow/core/config.hpp>
#include <lightflow/cortex/exchange.hpp>
#include <lightflow/cortex/outcome.hpp>
#include <lightflow/cortex/virtual_paths.hpp>
#include <lightflow/result.hpp>

namespace lf::core {

/// Names one CortexFS exchange: a target (api format, tool id or thread id) and
/// the step it serves. With a run id, the request id is "<run_id>.<step_id>", so
/// that two runs never share a request file; without, it is the step id itself.
struct ExchangeRequest {
  cortex::TargetKind kind = cortex::TargetKind::api;
  std::string target;
  std::string step_id;
  std::optional<std::string> run_id;
};

/// What a commit produced.
struct CommitResult {
  cortex::Exchange exchange;
  std::filesystem::path committed;
};

class Service {
 public:
  explicit Service(ServiceConfig config);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  const ServiceConfig& config() const noexcept { return config_; }

  // --- CortexFS (lf ctx) ---------------------------------------------------

  /// The ABI record of the configured CortexFS tree (kernel_tree is false).
  boost::json::object ctx_abi() const;

  /// Plans the files of one exchange. Touches nothing.
  /// Errors: invalid_argument for a bad format, tool, thread, step or run id.
  Result<cortex::Exchange> ctx_exchange(const ExchangeRequest& request) const;

  /// Path records of a channel, job or hook. invalid_argument for a bad id.
  Result<cortex::ChannelPaths> ctx_channel(std::string_view channel_id) const;
  Result<cortex::JobPaths> ctx_job(std::string_view job_id) const;
  Result<cortex::HookPaths> ctx_hook(std::string_view hook_id) const;

  /// Commits `body` as the request of one exchange (see cortex::commit_request
  /// for the errors: unavailable when CortexFS is not mounted, already_exists
  /// for a second commit of the same request id, ...).
  Result<CommitResult> ctx_commit(const ExchangeRequest& request, std::string_view body) const;

  /// The outcome of one exchange, std::nullopt while there is none.
  Result<std::optional<cortex::Outcome>> ctx_outcome(const ExchangeRequest& request) const;

 private:
  ServiceConfig config_;
};

}  // namespace lf::core
