#include <utility>

#include <lightflow/core/service.hpp>

#include "execution/execution_registry.hpp"

namespace lf::core {

Service::Service(ServiceConfig config)
    : config_(std::move(config)),
      registry_(std::make_unique<ExecutionRegistry>(config_.max_executions)) {}

Service::~Service() = default;

}  // namespace lf::core
