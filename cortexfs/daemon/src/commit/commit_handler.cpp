// The file-queue commit protocol (spec §4.1-4.2): create and write stage a
// file and trigger nothing; a same-directory rename onto <id>.req.json
// commits it. The commit is reserved under mutex_, persisted without it, and
// published under it again, so a slow disk never stalls other operations.

#include <linux/fs.h>

#include <cerrno>

#include <boost/json.hpp>

#include <lightflow/ctxabi/file_names.hpp>
#include <lightflow/ctxabi/fingerprint.hpp>
#include <lightflow/ctxabi/ids.hpp>
#include <lightflow/ctxabi/route_record.hpp>

#include "fs/ctx_fs.hpp"
#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

bool iends_with(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) {
    return false;
  }
  auto tail = text.substr(text.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(tail[i])) != suffix[i]) {
      return false;
    }
  }
  return true;
}

// EINVAL unless `body`'s "model", when present, is a valid model id string.
int check_model_field(std::string_view body) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return 0;  // not JSON: the provider reports it (spec step 10)
  }
  const auto* model = parsed.get_object().if_contains("model");
  if (model == nullptr) {
    return 0;
  }
  if (!model->is_string() || !ctxabi::validate_model_id(std::string(model->get_string()))) {
    return EINVAL;
  }
  return 0;
}

}  // namespace

int CtxFs::create(Ino parent, std::string_view name, const Caller& caller, Entry& out) {
  std::lock_guard lock(mutex_);
  Node* inbox = inodes_.find(parent);
  if (inbox == nullptr) {
    return ENOENT;
  }
  if (inbox->role != Role::inbox) {
    return EROFS;
  }
  if (!may_enter(parent, caller)) {
    return EACCES;
  }
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos
      || ends_with(name, ctxabi::kResponseSuffix) || iends_with(name, ctxabi::kErrorSuffix)) {
    return EINVAL;
  }
  if (ends_with(name, ctxabi::kRequestSuffix)) {
    // Only a rename commits: a file created (or copied, as mv does across
    // inboxes after EXDEV) straight under a committed name would never run.
    return EPERM;
  }
  if (inodes_.child(parent, name) != nullptr
      || (inbox->scope && inodes_.child(inbox->scope->outbox, name) != nullptr)) {
    return EEXIST;
  }
  // On a multi-user mount a staged body is its writer's alone (tool inboxes are shared).
  Node& staged =
      inodes_.add(parent, name, NodeKind::file, config_.multi_user ? 0600 : 0644, Role::staged);
  staged.uid = caller.uid;
  staged.gid = caller.gid;
  staged.scope = inbox->scope;
  inodes_.remember(staged.ino);
  out.ino = staged.ino;
  out.cache_entry = entry_cacheable(staged);
  out.cache_attr = attr_cacheable(staged);
  fill_attr(staged, out.attr);
  AuditEvent event;
  event.event = "staged";
  event.format = inbox->scope ? inbox->scope->format : "";
  event.name = std::string(name);
  event.caller = caller;
  event.space = space_of(inbox->scope ? request_owner(*inbox->scope, caller) : caller.uid);
  audit(std::move(event));
  return 0;
}

int CtxFs::duplicate_finished(Node& inbox,
                              Node& staged,
                              const RequestRecord& existing,
                              const Caller& caller) {
  if (existing.kind != inbox.scope->kind || existing.uid != request_owner(*inbox.scope, caller)
      || existing.format != inbox.scope->format || existing.tool != inbox.scope->tool) {
    return EEXIST;  // finished in another inbox: its answer is not reachable here
  }
  // The kernel moves its (cached) entry of the staged file onto <id>.req.json,
  // so the staged inode takes the committed file's place and content rather
  // than disappearing: what the kernel caches stays true.
  const std::string new_name = existing.id + std::string(ctxabi::kRequestSuffix);
  // A finished record no longer holds its body: the committed file does
  // (read from the journal when the request was persisted).
  std::string body;
  if (const Node* committed = inodes_.child(inbox.ino, new_name)) {
    body = node_text(*committed);
  }
  inodes_.unlink(inbox.ino, new_name);
  inodes_.rename(inbox.ino, staged.name, new_name);
  staged.role = Role::committed;
  staged.mode = 0444;
  staged.content = std::move(body);
  if (existing.request_line.valid()) {
    read_from_journal(staged, existing.request_line, "body");
  }
  staged.uid = existing.caller.uid;
  staged.gid = existing.caller.gid;
  own_tool_file(staged, existing);
  AuditEvent event;
  event.event = "duplicate";
  event.format = existing.format;
  event.name = existing.id + std::string(ctxabi::kRequestSuffix);
  event.caller = caller;
  event.space = space_of(existing.uid);
  event.fingerprint = existing.fingerprint;
  audit(std::move(event));
  return 0;
}

int CtxFs::check_commit(Node& inbox,
                        Node& staged,
                        std::string_view new_name,
                        unsigned flags,
                        const Caller& caller,
                        RequestRecord& record) {
  if (!ends_with(new_name, ctxabi::kRequestSuffix)) {
    return EINVAL;
  }
  record.id = std::string(new_name.substr(0, new_name.size() - ctxabi::kRequestSuffix.size()));
  if (!ctxabi::validate_segment(ctxabi::IdKind::request_id, record.id)) {
    return EINVAL;
  }
  Node* target = inodes_.child(inbox.ino, new_name);
  if ((flags & RENAME_NOREPLACE) != 0 && target != nullptr) {
    return EEXIST;
  }
  const Scope& scope = *inbox.scope;
  if (scope.kind == ScopeKind::tool && target != nullptr && config_.multi_user
      && target->uid != caller.uid) {
    return EEXIST;  // another user's request of that name in the shared tool inbox
  }
  // Ids are scoped to their owner: another user's request of the same id
  // neither blocks nor answers this one.
  const std::uint32_t owner = request_owner(scope, caller);
  auto existing = requests_.find(request_key(owner, record.id));
  if (existing != requests_.end() && existing->second.state != RequestState::finished) {
    return EAGAIN;
  }
  record.kind = scope.kind;
  record.uid = owner;
  record.format = scope.format;
  record.tool = scope.tool;
  record.body = staged.content;
  record.caller = caller;
  if (scope.kind != ScopeKind::tool) {
    const RouteDecision decision = route(scope.format, scope.uid);
    if (!decision.accepts_commit()) {
      AuditEvent event;
      event.event = "denied";
      event.format = scope.format;
      event.name = std::string(new_name);
      event.caller = caller;
      event.space = space_of(scope.uid);
      event.provider = decision.provider;
      event.model = decision.model;
      event.decision = decision.reason;
      audit(std::move(event));
      return EACCES;
    }
    record.provider = decision.provider;
    record.model = decision.model;
    record.reason = decision.reason;
  }
  if (existing != requests_.end()) {
    return duplicate_finished(inbox, staged, existing->second, caller) == 0 ? -1 : EEXIST;
  }
  if (scope.kind != ScopeKind::tool) {
    if (const int err = check_model_field(record.body); err != 0) {
      return err;
    }
  }
  record.fingerprint = ctxabi::fingerprint(record.format, record.id, record.body);
  return 0;
}

int CtxFs::rename(Ino parent,
                  std::string_view name,
                  Ino new_parent,
                  std::string_view new_name,
                  unsigned flags,
                  const Caller& caller,
                  Ino* committed) {
  RequestRecord record;
  Ino staged_ino = 0;
  std::shared_ptr<Scope> scope;
  {
    std::lock_guard lock(mutex_);
    Node* inbox = inodes_.find(new_parent);
    if (inbox == nullptr || inbox->role != Role::inbox || !inbox->scope) {
      return inbox == nullptr ? ENOENT : EROFS;
    }
    if (parent != new_parent) {
      return EXDEV;
    }
    if ((flags & RENAME_EXCHANGE) != 0) {
      return EINVAL;
    }
    if (!may_enter(new_parent, caller)) {
      return EACCES;
    }
    Node* staged = inodes_.child(parent, name);
    if (staged == nullptr || staged->role != Role::staged) {
      return ENOENT;
    }
    if (config_.multi_user && caller.uid != 0 && staged->uid != caller.uid) {
      return EACCES;  // another user's staged file (in a shared tool inbox)
    }
    staged_ino = staged->ino;
    const int checked = check_commit(*inbox, *staged, new_name, flags, caller, record);
    if (checked != 0) {
      if (checked < 0 && committed != nullptr) {
        *committed = staged_ino;  // -1: finished duplicate, it replaced the old req.json
      }
      return checked < 0 ? 0 : checked;
    }
    scope = inbox->scope;
    record.seq = next_seq_++;
    record.state = RequestState::committing;
    requests_[request_key(record)] = record;  // reserves the id: concurrent commits get EAGAIN
  }
  int save_errno = EIO;
  auto saved = state_.save_request(record, &save_errno, &record.request_line);
  std::lock_guard lock(mutex_);
  if (!saved) {
    // Not durable, so not acknowledged: the committer's rename fails (ENOSPC
    // on a full state disk) and the staged file keeps its name.
    requests_.erase(request_key(record));
    problems_.push_back(saved.error().message);
    return save_errno == ENOSPC || save_errno == EDQUOT ? save_errno : EIO;
  }
  publish_commit(record, scope, staged_ino, std::string(name));
  if (committed != nullptr) {
    *committed = staged_ino;
  }
  return 0;
}

void CtxFs::publish_commit(const RequestRecord& record,
                           const std::shared_ptr<Scope>& scope,
                           Ino staged_ino,
                           const std::string& old_name,
                           Audit audit_mode) {
  const std::string new_name = record.id + std::string(ctxabi::kRequestSuffix);
  const Ino inbox = scope->inbox;
  Node* staged = staged_ino != 0 ? inodes_.child(inbox, old_name) : nullptr;
  if (staged == nullptr || staged->ino != staged_ino) {
    staged = nullptr;  // removed meanwhile (or a restore): the request is committed regardless
  }
  if (Node* target = inodes_.child(inbox, new_name); target != nullptr && target != staged) {
    inodes_.unlink(inbox, new_name);  // a staged file of that name is replaced
  }
  if (staged != nullptr) {
    inodes_.rename(inbox, old_name, new_name);
  } else {
    staged = &inodes_.add(inbox, new_name, NodeKind::file, 0444);
    staged->uid = record.caller.uid;
    staged->gid = record.caller.gid;
  }
  staged->role = Role::committed;
  staged->mode = 0444;
  staged->content = record.body;
  staged->scope = scope;
  own_tool_file(*staged, record);
  const Ino outbox = scope->outbox;
  auto add_outcome = [this, outbox, &record](const std::string& file, std::string content) {
    if (inodes_.child(outbox, file) == nullptr) {
      Node& node = inodes_.add(outbox, file, NodeKind::file, 0444, Role::outcome);
      node.content = std::move(content);
      own_tool_file(node, record);
    }
  };
  add_outcome(record.id + std::string(ctxabi::kFingerprintSuffix), record.fingerprint + "\n");
  if (record.kind != ScopeKind::tool) {
    const ctxabi::RouteRecord route_record{
        record.id, record.format, record.provider, record.model, record.reason, record.fingerprint};
    add_outcome(record.id + std::string(ctxabi::kRouteSuffix), ctxabi::to_json_line(route_record));
  }
  if (record.kind == ScopeKind::thread) {
    thread_queued(record);
  }
  const std::string key = request_key(record);
  RequestRecord& stored = requests_[key];
  stored.state = RequestState::queued;
  stored.request_line = record.request_line;
  queue_.push_back(key);
  work_cv_.notify_one();
  if (audit_mode == Audit::skip) {
    return;
  }
  AuditEvent event;
  event.event = "queued";
  event.format = record.format;
  event.name = new_name;
  event.caller = record.caller;
  event.space = space_of(record.uid);
  if (record.kind != ScopeKind::tool) {
    event.provider = record.provider;
    event.model = record.model;
    event.decision = record.reason;
  } else {
    event.tool = record.tool;
  }
  event.fingerprint = record.fingerprint;
  audit(std::move(event));
}

}  // namespace lf::ctxfs
