#include <utility>

#include <lightflow/core/service.hpp>

#include "execution/execution_registry.hpp"
#include "execution/run_change_notifier.hpp"

namespace lf::core {

Service::Service(ServiceConfig config)
    : config_(std::move(config)),
      notifier_(std::make_shared<detail::RunChangeNotifier>()),
      registry_(std::make_unique<ExecutionRegistry>(config_.max_executions)) {}

Service::~Service() {
  // The executions end first (they may still tell watchers), then the
  // notifier's thread; a RunWatch that outlives the Service stays harmless.
  registry_.reset();
  notifier_->shutdown();
}

}  // namespace lf::core
