#pragma once

// Which kind of process was executing a run, so that the next process of
// that kind resumes it (Service::resume_owned_runs; lfd after a restart). An
// execution launched by a Service whose ServiceConfig::execution_owner is set
// writes <run>/executor.json {"owner":…,"options":{…}} once it holds the run,
// and removes it when the run has ended (succeeded, failed, cancelled). A
// process that stops mid-run leaves it in place. The executor lock, not this
// record, says whether someone executes the run right now.
// Thread-safety: pure functions over the run's directory.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/execution.hpp>

namespace lf::core {

struct RunOwner {
  std::string owner;    ///< ServiceConfig::execution_owner of the process
  ExecOptions options;  ///< what the execution was launched with
};

/// {max_parallel, cache:"use"|"bypass", step_timeout_ms?, max_attempts?}
boost::json::object exec_options_json(const ExecOptions& options);

/// The options of such an object; absent or unusable members keep defaults.
ExecOptions exec_options_from_json(const boost::json::object& object);

/// Records `owner` as the run's executor. Errors: io_error.
Result<void> record_run_owner(const std::filesystem::path& run_dir, const RunOwner& owner);

/// The recorded owner, or std::nullopt when there is none (or it is unreadable).
std::optional<RunOwner> read_run_owner(const std::filesystem::path& run_dir);

/// Removes the record; a missing one is fine.
void clear_run_owner(const std::filesystem::path& run_dir);

}  // namespace lf::core
