#include <vector>

#include "http_session.hpp"

namespace lf::lfd {

void SessionRegistry::add(const std::shared_ptr<Session>& session) {
  const std::lock_guard lock(mutex_);
  sessions_.emplace(session.get(), session);
}

void SessionRegistry::remove(Session* session) {
  const std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

void SessionRegistry::stop_all() {
  std::vector<std::shared_ptr<Session>> live;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& [raw, weak] : sessions_) {
      if (auto session = weak.lock()) {
        live.push_back(std::move(session));
      }
    }
  }
  for (const auto& session : live) {
    session->request_stop();
  }
}

std::size_t SessionRegistry::size() const {
  const std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace lf::lfd
