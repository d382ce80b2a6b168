#pragma once

// One single-threaded io_context per I/O thread. A connection is bound to one
// of them for its life, round robin, so that its reads, writes and inline
// handlers never cross threads or contend on a shared scheduler, as nginx's
// workers each own their connections.
// Thread-safety: next() from any thread; run() and stop() as documented.

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace lf::lfd {

class IoContexts {
 public:
  explicit IoContexts(unsigned count);
  ~IoContexts();
  IoContexts(const IoContexts&) = delete;
  IoContexts& operator=(const IoContexts&) = delete;

  /// The context the next connection lives on.
  boost::asio::io_context& next();

  /// Starts one thread per context; they run until stop().
  void run();

  /// Stops every context and joins the threads.
  void stop();

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<Guard> guards_;  // keep each context running while it is idle
  std::vector<std::thread> threads_;
  std::atomic<unsigned> next_{0};
};

}  // namespace lf::lfd
