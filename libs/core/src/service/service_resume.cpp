// Service::resume_owned_runs: after a restart, a server (lfd) continues the
// runs it was executing when it stopped (execution/run_owner.hpp).

#include <lightflow/core/service.hpp>

#include "execution/executor_lock.hpp"
#include "execution/run_owner.hpp"
#include "store/run_store.hpp"

namespace lf::core {
namespace {

bool unfinished(RunStatus status) {
  return status == RunStatus::planned || status == RunStatus::running;
}

}  // namespace

OwnedRunsResumed Service::resume_owned_runs() const {
  OwnedRunsResumed out;
  if (config_.execution_owner.empty()) {
    return out;
  }
  const RunStore store(config_.dirs.state);
  for (const RunStatusSummary& run : store.list().runs) {
    const std::filesystem::path run_dir = store.run_dir(run.run_id);
    const auto owner = read_run_owner(run_dir);
    if (!owner || owner->owner != config_.execution_owner) {
      continue;
    }
    if (!unfinished(run.status)) {
      clear_run_owner(run_dir);  // ended while its owner was away (lf run cancel, say)
      continue;
    }
    if (ExecutorLock::held(run_dir)) {
      continue;  // someone else took it over meanwhile
    }
    auto launched = launch_resume(run.run_id, owner->options);
    if (!launched) {
      if (launched.error().code == Code::conflict) {
        continue;  // taken between the look and the launch
      }
      out.failed.push_back(
          RunProblem{run.run_id, run_dir, launched.error().code, launched.error().message});
      continue;
    }
    out.resumed.push_back(run.run_id);
  }
  return out;
}

}  // namespace lf::core
