#pragma once

// Runs independent pieces of blocking I/O side by side, for callers that
// would otherwise wait for each in turn (e.g. the commits of one scheduler
// round, which CortexFS makes durable together when they arrive together).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace lf::core {

/// Calls `work(i)` for every i in [0, count) on up to `max_threads` threads
/// (the calling thread is one of them) and returns when all calls have.
/// `work` must be safe to call concurrently and must not throw.
template <typename Work>
void parallel_each(std::size_t count, std::size_t max_threads, const Work& work) {
  std::atomic<std::size_t> next{0};
  const auto drain = [&] {
    for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
      work(i);
    }
  };
  std::vector<std::jthread> helpers;
  const std::size_t threads = std::min(count, std::max<std::size_t>(max_threads, 1));
  for (std::size_t t = 1; t < threads; ++t) {
    helpers.emplace_back(drain);
  }
  drain();
}

}  // namespace lf::core
