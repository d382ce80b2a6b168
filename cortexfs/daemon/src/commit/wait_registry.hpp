#pragma once

// Parked reads and poll handles of <id>.wait files. A read of a wait file whose
// outcome does not exist yet keeps its fuse_req_t here; the worker that
// publishes the outcome replies to it, and an interrupt replies EINTR. Exactly
// one of them replies: whoever removes the entry under mutex_.
//
// Parking is two-step because fuse_req_interrupt_func may run the interrupt
// callback synchronously: park() records the request, the caller installs the
// interrupt callback, then arm() either hands the request over or replies at
// once if it completed or was interrupted in between.
// Thread-safety: all members are thread-safe. Lock order: CtxFs::mutex_ may be
// held when calling park/add_poll (never the other way round); no FUSE reply
// is sent while mutex_ is held.

#define FUSE_USE_VERSION FUSE_MAKE_VERSION(3, 14)
#include <fuse_lowlevel.h>

#include <cstdint>
#include <list>
#include <map>
#include <mutex>
#include <string>

namespace lf::ctxfs {

class WaitRegistry {
 public:
  WaitRegistry() = default;
  WaitRegistry(const WaitRegistry&) = delete;
  WaitRegistry& operator=(const WaitRegistry&) = delete;

  /// Records a read of `size` bytes at `offset` waiting for `request_id`.
  void park(fuse_req_t req, const std::string& request_id, std::size_t size, off_t offset);

  /// Completes parking (see the class comment).
  void arm(fuse_req_t req);

  /// Called by the interrupt callback: replies EINTR unless already answered.
  void interrupt(fuse_req_t req);

  /// Remembers a poll handle of open file `fh` (replacing and destroying an
  /// older one of that file) to notify when `request_id` finishes.
  void add_poll(std::uint64_t fh, const std::string& request_id, fuse_pollhandle* ph);

  /// Forgets (and destroys) the poll handle of a released file.
  void release(std::uint64_t fh);

  /// The outcome of `request_id` exists and reads `text`: replies to every
  /// parked read and notifies every poll handle waiting for it.
  void complete(const std::string& request_id, const std::string& text);

  /// Replies EINTR to everything parked and drops poll handles (unmount).
  void cancel_all();

  /// Parked reads (tests and control/ views).
  std::size_t parked_count() const;

 private:
  struct Parked {
    fuse_req_t req = nullptr;
    std::string request_id;
    std::size_t size = 0;
    off_t offset = 0;
    bool armed = false;
    bool interrupted = false;
    bool completed = false;
    std::string text;
  };

  struct Poll {
    std::string request_id;
    fuse_pollhandle* ph = nullptr;
  };

  static void reply(const Parked& parked);

  mutable std::mutex mutex_;
  std::list<Parked> parked_;
  std::map<std::uint64_t, Poll> polls_;
};

}  // namespace lf::ctxfs
