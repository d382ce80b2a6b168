#include "io_contexts.hpp"

namespace lf::lfd {

IoContexts::IoContexts(unsigned count) {
  const unsigned contexts = count == 0 ? 1 : count;
  for (unsigned i = 0; i < contexts; ++i) {
    // A hint of 1: each context is run by exactly one thread, so Asio may
    // skip the locking a shared scheduler needs.
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    guards_.emplace_back(contexts_.back()->get_executor());
  }
}

IoContexts::~IoContexts() {
  stop();
}

boost::asio::io_context& IoContexts::next() {
  const unsigned index = next_.fetch_add(1, std::memory_order_relaxed);
  return *contexts_[index % contexts_.size()];
}

void IoContexts::run() {
  for (const auto& context : contexts_) {
    threads_.emplace_back([&io = *context] { io.run(); });
  }
}

void IoContexts::stop() {
  guards_.clear();
  for (const auto& context : contexts_) {
    context->stop();
  }
  for (auto& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

}  // namespace lf::lfd
