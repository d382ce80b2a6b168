// Thread exchanges (spec §5.4, §8.2): home/<uid>/thread/<id>/ appears on the
// first lookup of any valid thread id. Its inbox is also its outbox: commits
// there are routed like openai.chat and get .fingerprint, .route.json and, on
// failure, .error next to the request. A success writes <id>.resp.json there
// too (unlike upstream, so that LightFlow's client finds the answer), appends
// the user and assistant turns to messages.jsonl and sets latest.md, state and
// fingerprint.

#include <boost/json.hpp>

#include <lightflow/ctxabi/fingerprint.hpp>
#include <lightflow/ctxabi/ids.hpp>

#include "fs/ctx_fs.hpp"
#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

namespace json = boost::json;

std::string last_user_content(std::string_view body) {
  boost::system::error_code ec;
  const auto parsed = json::parse(body, ec);
  const auto* messages =
      !ec && parsed.is_object() ? parsed.get_object().if_contains("messages") : nullptr;
  std::string found;
  if (messages != nullptr && messages->is_array()) {
    for (const auto& message : messages->get_array()) {
      const auto* obj = message.if_object();
      const auto* role = obj != nullptr ? obj->if_contains("role") : nullptr;
      const auto* content = obj != nullptr ? obj->if_contains("content") : nullptr;
      if (role != nullptr && role->is_string() && role->get_string() == "user" && content != nullptr
          && content->is_string()) {
        found = std::string(content->get_string());
      }
    }
  }
  return found;
}

std::string assistant_content(std::string_view response) {
  boost::system::error_code ec;
  const auto parsed = json::parse(response, ec);
  if (ec || !parsed.is_object()) {
    return std::string(trim(response));
  }
  const auto* choices = parsed.get_object().if_contains("choices");
  if (choices != nullptr && choices->is_array() && !choices->get_array().empty()) {
    const auto* choice = choices->get_array()[0].if_object();
    const auto* message = choice != nullptr ? choice->if_contains("message") : nullptr;
    const auto* content = message != nullptr && message->is_object()
                              ? message->get_object().if_contains("content")
                              : nullptr;
    if (content != nullptr && content->is_string()) {
      return std::string(content->get_string());
    }
  }
  return {};
}

std::string turn(std::string_view role, std::string_view content) {
  return "{\"role\":" + json_quote(role) + ",\"content\":" + json_quote(content) + "}\n";
}

}  // namespace

void CtxFs::build_thread_root(Ino home, std::uint32_t uid) {
  Node& root = inodes_.ensure_dir(home, "thread");
  thread_roots_[root.ino] = uid;
  const Ino ino = root.ino;
  inodes_.add_dynamic(ino, "count", [this, ino] {
    std::size_t count = 0;
    for (const auto& [name, child] : inodes_.find(ino)->children) {
      count += inodes_.find(child)->kind == NodeKind::dir ? 1U : 0U;
    }
    return std::to_string(count) + "\n";
  });
}

Node* CtxFs::ensure_thread(Ino root, std::uint32_t uid, std::string_view id) {
  if (Node* existing = inodes_.child(root, id)) {
    return existing;
  }
  if (!ctxabi::validate_segment(ctxabi::IdKind::thread_id, id)) {
    return nullptr;
  }
  const std::string key = std::to_string(uid) + "/" + std::string(id);
  Node& dir = inodes_.ensure_dir(root, id);
  dir.cacheable = false;
  auto scope = std::make_shared<Scope>();
  scope->kind = ScopeKind::thread;
  scope->uid = uid;
  scope->format = "openai.chat";
  scope->tool = std::string(id);
  Node& inbox = inodes_.ensure_dir(dir.ino, "inbox", 0755, Role::inbox);
  scope->inbox = inbox.ino;
  scope->outbox = inbox.ino;
  inbox.scope = scope;
  threads_[key];
  inodes_.add_dynamic(dir.ino, "messages.jsonl", [this, key] { return threads_[key].messages; });
  inodes_.add_dynamic(dir.ino, "latest.md", [this, key] { return threads_[key].latest; });
  inodes_.add_dynamic(dir.ino, "state", [this, key] { return threads_[key].state + "\n"; });
  inodes_.add_dynamic(
      dir.ino, "fingerprint", [this, key] { return threads_[key].fingerprint + "\n"; });
  return &dir;
}

void CtxFs::thread_queued(const RequestRecord& record) {
  threads_[std::to_string(record.uid) + "/" + record.tool].state = "queued";
}

void CtxFs::thread_finished(const RequestRecord& record) {
  ThreadState& thread = threads_[std::to_string(record.uid) + "/" + record.tool];
  if (!record.succeeded) {
    thread.state = "error";
    return;
  }
  const std::string answer = assistant_content(record.outcome);
  thread.messages += turn("user", last_user_content(record.body));
  thread.messages += turn("assistant", answer);
  thread.latest = answer + "\n";
  thread.state = "idle";
  thread.fingerprint = ctxabi::fingerprint("thread", record.id, record.body + record.outcome);
}

}  // namespace lf::ctxfs
