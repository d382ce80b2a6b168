#include <utility>

#include <lightflow/core/service.hpp>

namespace lf::core {

Service::Service(ServiceConfig config) : config_(std::move(config)) {}

Service::~Service() = default;

}  // namespace lf::core
