#include "commit/call_canceller.hpp"

namespace lf::ctxfs {

CallCanceller::Registration::Registration(CallCanceller* canceller, boost::asio::io_context& ioc)
    : canceller_(canceller), ioc_(ioc) {
  if (canceller_ == nullptr) {
    return;
  }
  std::lock_guard lock(canceller_->mutex_);
  canceller_->active_.insert(&ioc_);
  if (canceller_->cancelled_) {
    ioc_.stop();
  }
}

CallCanceller::Registration::~Registration() {
  if (canceller_ != nullptr) {
    std::lock_guard lock(canceller_->mutex_);
    canceller_->active_.erase(&ioc_);
  }
}

void CallCanceller::cancel_all() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  for (auto* ioc : active_) {
    ioc->stop();  // thread-safe: run() returns in the calling worker
  }
}

bool CallCanceller::cancelled() const {
  std::lock_guard lock(mutex_);
  return cancelled_;
}

}  // namespace lf::ctxfs
