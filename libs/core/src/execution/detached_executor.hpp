#pragma once

// The private command line of lf-executor (executor_main.hpp):
//   lf-executor --detach <log> <request>  starts the executor below in a
//       session of its own with stdout and stderr appended to <log>, and
//       exits at once (so its caller reaps it and nobody reaps the executor
//       but init);
//   lf-executor <request>  executes the run the request names.
// <request> is a JSON object holding the run id, the Service configuration
// and the execution options.
// Thread-safety: pure functions.

#include <string>
#include <string_view>

#include <lightflow/core/config.hpp>
#include <lightflow/core/execution.hpp>

namespace lf::core {

/// The <request> argument for executing `run_id` with `config` and `options`.
std::string executor_request(const ServiceConfig& config,
                             std::string_view run_id,
                             const ExecOptions& options);

}  // namespace lf::core
