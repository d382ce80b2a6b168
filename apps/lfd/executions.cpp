#include "executions.hpp"

#include <algorithm>

namespace lf::lfd {

void Executions::add(core::ExecutionHandle handle) {
  const std::lock_guard lock(mutex_);
  std::erase_if(handles_, [](const core::ExecutionHandle& known) { return known.finished(); });
  handles_.push_back(std::move(handle));
}

std::size_t Executions::active() const {
  const std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count_if(
      handles_.begin(), handles_.end(), [](const auto& handle) { return !handle.finished(); }));
}

}  // namespace lf::lfd
