#pragma once

// Lets shutdown cut short the provider calls in flight. Each HTTP call
// registers its io_context for its duration; cancel_all() stops them, and
// every later registration is stopped at once. A cancelled call reports
// Code::cancelled, and its request is left unfinished (it runs again at the
// next mount) rather than answered with an error.
// Thread-safety: all members are thread-safe (own mutex, a leaf lock).

#include <mutex>
#include <set>

#include <boost/asio/io_context.hpp>

namespace lf::ctxfs {

class CallCanceller {
 public:
  /// Registers `ioc` until the returned guard is destroyed; stops it at once
  /// when cancel_all() already ran.
  class Registration {
   public:
    Registration(CallCanceller* canceller, boost::asio::io_context& ioc);
    ~Registration();
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

   private:
    CallCanceller* canceller_;
    boost::asio::io_context& ioc_;
  };

  /// Stops every registered call now and every future one.
  void cancel_all();

  bool cancelled() const;

 private:
  mutable std::mutex mutex_;
  std::set<boost::asio::io_context*> active_;
  bool cancelled_ = false;
};

}  // namespace lf::ctxfs
