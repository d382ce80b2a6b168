#include "commit/worker_pool.hpp"

#include <pthread.h>
#include <signal.h>

namespace lf::ctxfs {

WorkerPool::WorkerPool(CtxFs& fs, unsigned count) : fs_(fs) {
  for (unsigned i = 0; i < count; ++i) {
    threads_.emplace_back([this] {
      sigset_t blocked;
      sigemptyset(&blocked);
      sigaddset(&blocked, SIGINT);
      sigaddset(&blocked, SIGTERM);
      sigaddset(&blocked, SIGHUP);
      pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
      try {
        while (fs_.run_next(std::chrono::milliseconds(500))) {
        }
      } catch (...) {
        // run_next reports its failures as outcomes; this only guards
        // allocation failures, after which the other workers carry on.
      }
    });
  }
}

WorkerPool::~WorkerPool() {
  stop();
}

void WorkerPool::stop() {
  fs_.stop_workers();
  for (auto& thread : threads_) {
    if (thread.joinable()) {
      thread.join();
    }
  }
  threads_.clear();
}

}  // namespace lf::ctxfs
