#pragma once

// The worker pool that drains the request queue in the background: each
// thread calls CtxFs::run_next until the pool stops. Signals are blocked in
// workers so that SIGINT/SIGTERM reach the FUSE loop.
// Thread-safety: start/stop from one thread; the destructor stops and joins.

#include <thread>
#include <vector>

#include "fs/ctx_fs.hpp"

namespace lf::ctxfs {

class WorkerPool {
 public:
  /// Starts `count` threads working on `fs`, which must outlive the pool.
  WorkerPool(CtxFs& fs, unsigned count);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Stops taking new work and joins (a running provider call finishes first;
  /// its request stays persisted if the process dies meanwhile).
  void stop();

 private:
  CtxFs& fs_;
  std::vector<std::thread> threads_;
};

}  // namespace lf::ctxfs
