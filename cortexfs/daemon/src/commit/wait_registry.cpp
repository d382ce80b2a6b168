#include "commit/wait_registry.hpp"

#include <cerrno>
#include <vector>

namespace lf::ctxfs {

void WaitRegistry::reply(const Parked& parked) {
  if (parked.interrupted) {
    fuse_reply_err(parked.req, EINTR);
    return;
  }
  const auto offset = static_cast<std::size_t>(parked.offset);
  const std::string piece =
      offset >= parked.text.size() ? std::string() : parked.text.substr(offset, parked.size);
  fuse_reply_buf(parked.req, piece.data(), piece.size());
}

void WaitRegistry::park(fuse_req_t req,
                        const std::string& request_id,
                        std::size_t size,
                        off_t offset) {
  std::lock_guard lock(mutex_);
  Parked parked;
  parked.req = req;
  parked.request_id = request_id;
  parked.size = size;
  parked.offset = offset;
  parked_.push_back(std::move(parked));
}

void WaitRegistry::arm(fuse_req_t req) {
  std::unique_lock lock(mutex_);
  for (auto it = parked_.begin(); it != parked_.end(); ++it) {
    if (it->req != req) {
      continue;
    }
    if (!it->completed && !it->interrupted) {
      it->armed = true;
      return;
    }
    Parked done = std::move(*it);
    parked_.erase(it);
    lock.unlock();
    reply(done);
    return;
  }
}

void WaitRegistry::interrupt(fuse_req_t req) {
  std::unique_lock lock(mutex_);
  for (auto it = parked_.begin(); it != parked_.end(); ++it) {
    if (it->req != req || it->completed) {
      continue;
    }
    it->interrupted = true;
    if (!it->armed) {
      return;  // arm() replies
    }
    Parked done = std::move(*it);
    parked_.erase(it);
    lock.unlock();
    reply(done);
    return;
  }
}

void WaitRegistry::add_poll(std::uint64_t fh, const std::string& request_id, fuse_pollhandle* ph) {
  fuse_pollhandle* old = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto& slot = polls_[fh];
    old = slot.ph;
    slot.request_id = request_id;
    slot.ph = ph;
  }
  if (old != nullptr) {
    fuse_pollhandle_destroy(old);
  }
}

void WaitRegistry::release(std::uint64_t fh) {
  fuse_pollhandle* old = nullptr;
  {
    std::lock_guard lock(mutex_);
    auto it = polls_.find(fh);
    if (it == polls_.end()) {
      return;
    }
    old = it->second.ph;
    polls_.erase(it);
  }
  if (old != nullptr) {
    fuse_pollhandle_destroy(old);
  }
}

void WaitRegistry::complete(const std::string& request_id, const std::string& text) {
  std::vector<Parked> ready;
  std::vector<fuse_pollhandle*> handles;
  {
    std::lock_guard lock(mutex_);
    for (auto it = parked_.begin(); it != parked_.end();) {
      if (it->request_id != request_id || it->interrupted || it->completed) {
        ++it;
        continue;
      }
      it->completed = true;
      it->text = text;
      if (!it->armed) {
        ++it;  // arm() replies
        continue;
      }
      ready.push_back(std::move(*it));
      it = parked_.erase(it);
    }
    for (auto it = polls_.begin(); it != polls_.end();) {
      if (it->second.request_id == request_id) {
        handles.push_back(it->second.ph);
        it = polls_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& parked : ready) {
    reply(parked);
  }
  for (auto* ph : handles) {
    fuse_lowlevel_notify_poll(ph);
    fuse_pollhandle_destroy(ph);
  }
}

void WaitRegistry::cancel_all() {
  std::list<Parked> all;
  std::map<std::uint64_t, Poll> polls;
  {
    std::lock_guard lock(mutex_);
    all.swap(parked_);
    polls.swap(polls_);
  }
  for (auto& parked : all) {
    parked.interrupted = true;
    reply(parked);
  }
  for (auto& [fh, poll] : polls) {
    fuse_pollhandle_destroy(poll.ph);
  }
}

std::size_t WaitRegistry::parked_count() const {
  std::lock_guard lock(mutex_);
  return parked_.size();
}

}  // namespace lf::ctxfs
