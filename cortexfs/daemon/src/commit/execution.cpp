// Running committed requests: the worker side of CtxFs. A worker takes the
// oldest queued request under mutex_, calls the provider without it, persists
// the outcome, and publishes the outcome file whole under mutex_ again. Parked
// .wait readers and pollers are answered after the lock is released.

#include <poll.h>
#include <unistd.h>

#include <lightflow/ctxabi/file_names.hpp>

#include "commit/tool_catalog.hpp"
#include "fs/ctx_fs.hpp"
#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

using Clock = std::chrono::steady_clock;

std::string error_text(std::string_view id, std::string_view message) {
  return "{\"request_id\":" + json_quote(id) + ",\"error\":" + json_quote(message) + "}\n";
}

std::string_view wait_text(const RequestRecord& record) {
  return record.succeeded ? ctxabi::kWaitResponse : ctxabi::kWaitError;
}

struct CallOutcome {
  bool ok = false;
  std::string text;
  std::string error;
  std::uint64_t latency_ms = 0;
  std::uint64_t input_tokens = 0;
  std::uint64_t output_tokens = 0;
};

}  // namespace

std::shared_ptr<Scope> CtxFs::scope_of(const RequestRecord& record) {
  Node* inbox = nullptr;
  if (record.kind == ScopeKind::tool) {
    Node* tool = inodes_.child(kRootIno, "tool");
    Node* dir = tool != nullptr ? inodes_.child(tool->ino, record.tool) : nullptr;
    Node* invoke = dir != nullptr ? inodes_.child(dir->ino, "invoke") : nullptr;
    inbox = invoke != nullptr ? inodes_.child(invoke->ino, "inbox") : nullptr;
  } else if (record.kind == ScopeKind::thread) {
    build_home(record.uid);
    Node* root = inodes_.child(homes_[record.uid], "thread");
    Node* thread = root != nullptr ? ensure_thread(root->ino, record.uid, record.tool) : nullptr;
    inbox = thread != nullptr ? inodes_.child(thread->ino, "inbox") : nullptr;
  } else {
    build_home(record.uid);
    Node* api = inodes_.child(homes_[record.uid], "api");
    Node* fmt = api != nullptr ? inodes_.child(api->ino, record.format) : nullptr;
    inbox = fmt != nullptr ? inodes_.child(fmt->ino, "inbox") : nullptr;
  }
  return inbox != nullptr ? inbox->scope : nullptr;
}

void CtxFs::restore_requests() {
  std::lock_guard lock(mutex_);
  for (auto& record : state_.load(problems_)) {
    auto scope = scope_of(record);
    if (!scope) {
      problems_.push_back("request " + record.id + ": its inbox no longer exists");
      continue;
    }
    next_seq_ = std::max(next_seq_, record.seq + 1);
    const bool finished = record.state == RequestState::finished;
    const std::string key = request_key(record);
    requests_[key] = record;
    publish_commit(record, scope, 0, "", Audit::skip);
    if (finished) {
      // publish_commit queued it; a finished request only needs its outcome back.
      queue_.pop_back();
      publish_outcome(requests_[key], 0, 0, 0, std::nullopt, Audit::skip);
    }
  }
  sync_views();  // homes restored above get their model views
}

bool CtxFs::run_next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  work_cv_.wait_for(lock, timeout, [this] { return stopping_ || !queue_.empty(); });
  if (stopping_) {
    return false;
  }
  if (queue_.empty()) {
    return true;
  }
  const std::string key = queue_.front();
  queue_.pop_front();
  RequestRecord& stored = requests_[key];
  stored.state = RequestState::running;
  RequestRecord record = stored;
  CallOutcome outcome;
  if (record.kind == ScopeKind::tool) {
    outcome.text = run_tool(record);
    outcome.ok = outcome.text.rfind("{\"path\"", 0) == 0;
  } else {
    ProviderCall call;
    call.format = record.format;
    call.request_id = record.id;
    call.body = record.body;
    call.model = record.model == "*" ? std::string() : record.model;
    call.timeouts = config_.timeouts;
    call.canceller = &canceller_;
    bool found = false;
    for (auto& info : providers()) {
      if (info.id == record.provider) {
        call.provider = std::move(info);
        found = true;
      }
    }
    lock.unlock();
    const auto start = Clock::now();
    auto answer = found ? call_provider(call)
                        : Result<ProviderAnswer>(
                            fail(Code::unavailable, "provider not configured: " + record.provider));
    outcome.latency_ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
    if (!answer && answer.error().code == Code::cancelled) {
      // Shutdown: the request stays unfinished (journaled) and runs again at
      // the next mount; an error outcome would wrongly finish it.
      return false;
    }
    outcome.ok = answer.has_value();
    if (answer) {
      outcome.text = answer->body + "\n";
      outcome.input_tokens = answer->input_tokens;
      outcome.output_tokens = answer->output_tokens;
    } else {
      outcome.error = answer.error().message;
      outcome.text = error_text(record.id, outcome.error);
    }
    lock.lock();
  }
  record.succeeded = outcome.ok;
  record.outcome = outcome.text;
  lock.unlock();
  JournalSpan outcome_line;
  if (auto saved = state_.save_outcome(record, &outcome_line); !saved) {
    lock.lock();
    problems_.push_back(saved.error().message);
    lock.unlock();
  }
  lock.lock();
  RequestRecord& target = requests_[key];
  target.succeeded = record.succeeded;
  target.outcome = record.outcome;
  target.outcome_line = outcome_line;
  std::optional<std::string> error;
  if (!outcome.ok) {
    error = outcome.error.empty() ? std::string("tool failed") : outcome.error;
  }
  publish_outcome(target,
                  outcome.latency_ms,
                  outcome.input_tokens,
                  outcome.output_tokens,
                  error,
                  Audit::record);
  const std::string text(wait_text(target));
  lock.unlock();
  waits_.complete(key, text);
  return true;
}

void CtxFs::publish_outcome(RequestRecord& record,
                            std::uint64_t latency_ms,
                            std::uint64_t input_tokens,
                            std::uint64_t output_tokens,
                            const std::optional<std::string>& error,
                            Audit audit_mode) {
  record.state = RequestState::finished;
  if (record.kind == ScopeKind::thread) {
    thread_finished(record);
  }
  // Threads also get their .resp.json (in the inbox, which is their outbox):
  // upstream wrote none, but LightFlow's client reads the answer from there.
  if (auto scope = scope_of(record)) {
    const std::string name = outcome_name(record);
    if (inodes_.child(scope->outbox, name) == nullptr) {
      Node& outcome = inodes_.add(scope->outbox, name, NodeKind::file, 0444, Role::outcome);
      outcome.content = record.outcome;
      own_tool_file(outcome, record);
      if (record.outcome_line.valid()) {
        read_from_journal(outcome, record.outcome_line, "outcome");
      }
    }
    Node* request = inodes_.child(scope->inbox, record.id + std::string(ctxabi::kRequestSuffix));
    if (request != nullptr && request->role == Role::committed && request->uid == record.caller.uid
        && record.request_line.valid()) {
      read_from_journal(*request, record.request_line, "body");
    }
  }
  last_drained_ = record.id;
  last_drained_by_[record.uid] = record.id;
  // The tree's files now hold the request and its outcome (read from the
  // journal when persisted): a finished record keeps only what routing a
  // duplicate commit and the .wait files need, so memory does not grow with
  // the bodies of finished requests.
  // (swap, not assignment: assigning an empty string keeps the old buffer)
  std::string().swap(record.body);
  std::string().swap(record.outcome);
  if (audit_mode == Audit::skip) {
    return;
  }
  AuditEvent event;
  event.event = record.succeeded ? "drained" : "error";
  event.format = record.format;
  event.name = record.id;
  event.caller = record.caller;
  event.space = space_of(record.uid);
  if (record.kind == ScopeKind::tool) {
    event.tool = record.tool;
  } else {
    event.provider = record.provider;
    event.model = record.model;
    event.decision = record.reason;
  }
  event.latency_ms = latency_ms;
  event.input_tok = input_tokens;
  event.output_tok = output_tokens;
  event.error = error;
  event.fingerprint = record.fingerprint;
  audit(std::move(event));
}

void CtxFs::read_from_journal(Node& node, JournalSpan span, std::string_view field) {
  node.size = node.content.size();
  std::string().swap(node.content);  // frees the buffer; assignment would keep it
  node.reader = [this, span, field = std::string(field)] {
    auto text = state_.read_field(span, field);
    return text ? std::move(*text) : std::string();
  };
}

std::string CtxFs::run_tool(const RequestRecord& record) {
  const std::string path = tool_request_path(record.body);
  if (path.empty()) {
    return error_text(record.id, "invalid tool request: body needs a string \"path\"");
  }
  // The tool acts with its caller's rights, recorded at commit: every
  // directory on the way must be searchable and the file readable by the
  // caller, as the kernel would decide for the caller's own open().
  const Caller& caller = record.caller;
  Ino at = kRootIno;
  for (const auto& part : split_lines(path, "/")) {
    const Node* dir = inodes_.find(at);
    if (dir == nullptr || !may_access(*dir, caller, X_OK) || !may_enter(at, caller)) {
      return error_text(record.id, "permission denied: " + path);
    }
    const Node* next = inodes_.child(at, part);
    if (next == nullptr && at == home_root_ && config_.multi_user
        && part == std::to_string(caller.uid)) {
      // The caller's own home appears on first use, as a lookup would make it.
      build_home(caller.uid, caller.gid);
      sync_views();
      next = inodes_.child(at, part);
    }
    if (next == nullptr) {
      return error_text(record.id, "no such file in this CortexFS mount: " + path);
    }
    at = next->ino;
  }
  const Node* node = inodes_.find(at);
  if (node == nullptr || node->kind != NodeKind::file || (node->mode & 0444) == 0
      || node->role == Role::wait) {
    return error_text(record.id, "not a readable file: " + path);
  }
  if (!may_access(*node, caller, R_OK) || !may_enter(at, caller)) {
    return error_text(record.id, "permission denied: " + path);
  }
  return tool_response(path, node_text_for(*node, viewer_of(caller)));
}

void CtxFs::stop_workers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  canceller_.cancel_all();
  work_cv_.notify_all();
}

WaitRead CtxFs::read_wait(
    const OpenFile& file, fuse_req_t req, std::size_t size, off_t offset, std::string& out) {
  std::lock_guard lock(mutex_);
  auto it = requests_.find(file.request_id);
  if (it != requests_.end() && it->second.state == RequestState::finished) {
    const std::string text(wait_text(it->second));
    const auto begin = static_cast<std::size_t>(offset);
    out = begin >= text.size() ? std::string() : text.substr(begin, size);
    return WaitRead::answered;
  }
  // Parked under mutex_: the worker publishes under mutex_ and completes the
  // registry after, so this read cannot miss its outcome.
  waits_.park(req, file.request_id, size, offset);
  return WaitRead::parked;
}

unsigned CtxFs::poll_wait(const OpenFile& file, std::uint64_t fh, fuse_pollhandle* ph) {
  std::lock_guard lock(mutex_);
  auto it = requests_.find(file.request_id);
  if (it != requests_.end() && it->second.state == RequestState::finished) {
    if (ph != nullptr) {
      fuse_pollhandle_destroy(ph);
    }
    return POLLIN | POLLRDNORM;
  }
  if (ph != nullptr) {
    waits_.add_poll(fh, file.request_id, ph);
  }
  return 0;
}

}  // namespace lf::ctxfs
