// Building the /ctx tree: the static discovery nodes, homes, channels and the
// control and audit views. Every computed node reads CtxFs state under
// mutex_, which the caller of node_text() already holds.

#include <lightflow/ctxabi/abi_policy.hpp>
#include <lightflow/ctxabi/api_format.hpp>

#include "commit/tool_catalog.hpp"
#include "fs/ctx_fs.hpp"
#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

std::string line(std::string_view text) {
  return std::string(text) + "\n";
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const auto format : ctxabi::kApiFormats) {
    names.emplace_back(ctxabi::to_string(format));
  }
  return names;
}

std::string schema_for(std::string_view format) {
  const std::string_view required = format == "openai.chat"          ? "messages"
                                    : format == "openai.responses"   ? "input"
                                    : format == "anthropic.messages" ? "messages"
                                                                     : "contents";
  return "{\"type\":\"object\",\"required\":[\"" + std::string(required) + "\"]}\n";
}

}  // namespace

void CtxFs::build_tree() {
  inodes_.add_text(kRootIno, "status", "ready\n");
  Node& cap = inodes_.ensure_dir(kRootIno, "cap");
  inodes_.add_text(cap.ino, "format", join_lines(format_names()));
  inodes_.add_dynamic(cap.ino, "provider", [this] {
    std::vector<std::string> ids;
    for (const auto& p : providers()) {
      ids.push_back(p.id);
    }
    return join_lines(ids);
  });
  inodes_.add_text(cap.ino, "tool", join_lines(tool_ids()));
  inodes_.add_dynamic(cap.ino, "model", [this] {
    std::vector<std::string> ids;
    for (const auto& p : providers()) {
      if (p.enabled) {
        ids.push_back(p.id + "." + (p.default_model.empty() ? "*" : p.default_model));
      }
    }
    return join_lines(ids);
  });
  Node& formats = inodes_.ensure_dir(kRootIno, "format");
  for (const auto& name : format_names()) {
    build_format_dir(formats.ino, name);
  }
  Node& provider = inodes_.ensure_dir(kRootIno, "provider");
  inodes_.add_dynamic(
      provider.ino, "count", [this] { return line(std::to_string(providers().size())); });
  inodes_.add_dynamic(provider.ino, "list", [this] {
    std::vector<std::string> ids;
    for (const auto& p : providers()) {
      ids.push_back(p.id);
    }
    return join_lines(ids);
  });
  Node& model = inodes_.ensure_dir(kRootIno, "model");
  auto model_list = [this] {
    std::vector<std::string> ids;
    for (const auto& p : providers()) {
      if (p.enabled) {
        ids.push_back(p.id + "." + (p.default_model.empty() ? "*" : p.default_model));
      }
    }
    return ids;
  };
  inodes_.add_dynamic(
      model.ino, "count", [model_list] { return line(std::to_string(model_list().size())); });
  inodes_.add_dynamic(model.ino, "list", [model_list] { return join_lines(model_list()); });
  Node& chan = inodes_.ensure_dir(kRootIno, "chan", 0755, Role::virtual_parent);
  chan_root_ = chan.ino;
  inodes_.add_dynamic(
      chan.ino, "count", [this] { return line(std::to_string(channels_.all().size())); });
  inodes_.add_dynamic(chan.ino, "list", [this] {
    std::vector<std::string> ids;
    for (const auto& [id, c] : channels_.all()) {
      ids.push_back(id);
    }
    return join_lines(ids);
  });
  for (const auto& [id, c] : channels_.all()) {
    build_channel_dir(id);
  }
  home_root_ = inodes_.ensure_dir(kRootIno, "home").ino;
  build_home(config_.uid);
  build_tools();
  Node& audit_dir = inodes_.ensure_dir(kRootIno, "audit");
  // Each reader sees its own events (a multi-user mount; root sees all).
  inodes_.add_view(audit_dir.ino, "events.jsonl", [this](std::optional<std::uint32_t> viewer) {
    return audit_.events_text(viewer);
  });
  inodes_.add_view(audit_dir.ino, "usage", [this](std::optional<std::uint32_t> viewer) {
    return audit_.usage_text(viewer);
  });
  inodes_.add_text(
      audit_dir.ino,
      "fields",
      "event\nformat\nname\nhost_uid\nhost_gid\nhost_pid\nexternal_subject\nspace\nagent\n"
      "operation\nobject_class\nprovider\nmodel\ntool\nmcp_server\ndecision\nlatency_ms\n"
      "input_tok\noutput_tok\ncost_usd\nerror\nfingerprint\n");
  build_control();
  sync_views();
}

void CtxFs::build_format_dir(Ino parent, std::string_view format) {
  Node& dir = inodes_.ensure_dir(parent, format);
  inodes_.add_text(dir.ino, "name", line(format));
  inodes_.add_text(dir.ino, "content_type", "application/json\n");
  inodes_.add_text(dir.ino, "request_suffix", "*.req.json\n");
  inodes_.add_text(dir.ino, "response_suffix", "*.resp.json\n");
  inodes_.add_text(dir.ino, "schema.json", schema_for(format));
  const std::string fmt(format);
  auto supporting = [this, fmt] {
    std::vector<std::string> ids;
    for (const auto& p : providers()) {
      if (p.supports(fmt) && p.enabled) {
        ids.push_back(p.id);
      }
    }
    return ids;
  };
  for (const std::string_view sub : {"model", "provider"}) {
    Node& d = inodes_.ensure_dir(dir.ino, sub);
    inodes_.add_dynamic(
        d.ino, "count", [supporting] { return line(std::to_string(supporting().size())); });
    inodes_.add_dynamic(d.ino, "list", [supporting] { return join_lines(supporting()); });
  }
}

Node& CtxFs::add_scope(
    Ino parent, ScopeKind kind, std::uint32_t uid, std::string format, std::string tool) {
  auto scope = std::make_shared<Scope>();
  scope->kind = kind;
  scope->uid = uid;
  scope->format = std::move(format);
  scope->tool = std::move(tool);
  // A home's inboxes belong to the home's user. The tool inboxes are shared:
  // on a multi-user mount everyone may stage and commit there, but not list
  // (a sticky 01733 inbox and a 0711 outbox); each request's files are its
  // caller's alone (own_tool_file).
  const bool shared = kind == ScopeKind::tool && config_.multi_user;
  Node& inbox = inodes_.ensure_dir(parent, "inbox", shared ? 01733 : 0755, Role::inbox);
  Node& outbox = inodes_.ensure_dir(parent, "outbox", shared ? 0711 : 0555, Role::outbox);
  scope->inbox = inbox.ino;
  scope->outbox = outbox.ino;
  inbox.scope = scope;
  outbox.scope = scope;
  return inbox;
}

void CtxFs::build_home(std::uint32_t uid, std::optional<std::uint32_t> gid) {
  if (homes_.count(uid) != 0) {
    return;
  }
  // Everything in a home belongs to its user (nodes take their parent's
  // owner). On a multi-user mount the home is 0500, so no other uid but
  // root may enter it.
  Node& home =
      inodes_.ensure_dir(home_root_, std::to_string(uid), config_.multi_user ? 0500 : 0555);
  home.uid = uid;
  home.gid = gid.value_or(home.gid);
  homes_[uid] = home.ino;
  inodes_.add_text(home.ino, "uid", line(std::to_string(uid)));
  inodes_.add_text(
      home.ino, "context", "local:uid" + std::to_string(uid) + ":object_r:user_space_t:s0\n");
  Node& api = inodes_.ensure_dir(home.ino, "api");
  inodes_.add_text(api.ino, "abi", "cortex.local_api.v0\n");
  Node& route_dir = inodes_.ensure_dir(home.ino, "route");
  for (const auto& name : format_names()) {
    Node& fmt_dir = inodes_.ensure_dir(api.ino, name);
    add_scope(fmt_dir.ino, ScopeKind::api, uid, name, "");
    Node& r = inodes_.ensure_dir(route_dir.ino, name);
    inodes_.add_dynamic(
        r.ino, "provider", [this, name, uid] { return line(route(name, uid).provider); });
    inodes_.add_dynamic(r.ino, "model", [this, name, uid] { return line(route(name, uid).model); });
    inodes_.add_dynamic(
        r.ino, "reason", [this, name, uid] { return line(route(name, uid).reason); });
  }
  const mode_t rw = 0644;
  inodes_.add_value(
      route_dir.ino,
      "default_provider",
      rw,
      [this, uid] {
        const auto& chosen = policy_for(uid).default_provider;
        return line(chosen.empty() ? route("openai.chat", uid).provider : chosen);
      },
      [this, uid](std::string_view value) { return set_default_provider(uid, value); });
  Node& policy = inodes_.ensure_dir(home.ino, "policy");
  inodes_.add_value(
      policy.ino,
      "allowed_providers",
      rw,
      [this, uid] { return join_lines(policy_for(uid).allowed_providers); },
      [this, uid](std::string_view value) { return set_allowed_providers(uid, value); });
  Node& models = inodes_.ensure_dir(home.ino, "model");
  auto allowed_models = [this, uid] {
    std::vector<std::string> ids;
    for (const auto& p : providers()) {
      if (p.enabled && provider_allowed(policy_for(uid), p.id)) {
        ids.push_back(p.id + "." + (p.default_model.empty() ? "*" : p.default_model));
      }
    }
    return ids;
  };
  inodes_.add_dynamic(models.ino, "count", [allowed_models] {
    return line(std::to_string(allowed_models().size()));
  });
  inodes_.add_dynamic(
      models.ino, "list", [allowed_models] { return join_lines(allowed_models()); });
  build_jobs_and_hooks(home.ino, uid);
  build_thread_root(home.ino, uid);
}

void CtxFs::build_channel_dir(const std::string& id) {
  Node& dir = inodes_.ensure_dir(chan_root_, id);
  dir.cacheable = false;
  for (const std::string_view field : {"id", "status", "localurl"}) {
    const std::string f(field);
    inodes_.add_dynamic(dir.ino, field, [this, id, f] { return channels_.text(id, f); });
  }
  for (const std::string_view field : {"url", "keyref", "fmt", "mod", "enabled"}) {
    const std::string f(field);
    inodes_.add_value(
        dir.ino,
        field,
        0644,
        [this, id, f] { return channels_.text(id, f); },
        [this, id, f](std::string_view value) {
          auto set = channels_.set(id, f, value);
          if (!set) {
            return set.error().code == Code::invalid_argument ? EINVAL : EIO;
          }
          sync_views();
          return 0;
        });
  }
}

void CtxFs::build_control() {
  Node& control = inodes_.ensure_dir(kRootIno, "control");
  inodes_.add_text(control.ino, "version", line(LF_VERSION));
  inodes_.add_text(control.ino, "abi", line(ctxabi::kDaemonAbi));
  inodes_.add_value(control.ino, "drain", 0222, {}, [this](std::string_view value) {
    if (trim(value) != "1") {
      return EINVAL;
    }
    // Workers drain automatically; a write only wakes them (spec binding 2).
    work_cv_.notify_all();
    return 0;
  });
  // Both count a reader's own requests (a multi-user mount; root sees all).
  inodes_.add_view(control.ino, "queue_depth", [this](std::optional<std::uint32_t> viewer) {
    std::size_t pending = 0;
    for (const auto& [key, r] : requests_) {
      const bool visible = !viewer || r.uid == *viewer;
      pending += visible && r.state != RequestState::finished ? 1 : 0;
    }
    return line(std::to_string(pending));
  });
  inodes_.add_view(control.ino, "last_drained", [this](std::optional<std::uint32_t> viewer) {
    if (!viewer) {
      return line(last_drained_);
    }
    auto it = last_drained_by_.find(*viewer);
    return line(it != last_drained_by_.end() ? it->second : std::string("none"));
  });
}

void CtxFs::build_tools() {
  Node& tool = inodes_.ensure_dir(kRootIno, "tool");
  inodes_.add_text(tool.ino, "count", line(std::to_string(tool_ids().size())));
  inodes_.add_text(tool.ino, "list", join_lines(tool_ids()));
  for (const auto& id : tool_ids()) {
    Node& dir = inodes_.ensure_dir(tool.ino, id);
    inodes_.add_text(dir.ino, "name", line(id));
    inodes_.add_text(dir.ino, "kind", "read\n");
    inodes_.add_text(
        dir.ino,
        "description",
        "reads a file of this CortexFS mount (not the host) with its caller's rights\n");
    inodes_.add_text(dir.ino, "permissions", "ctx.read\n");
    inodes_.add_text(
        dir.ino, "input_schema.json", "{\"type\":\"object\",\"required\":[\"path\"]}\n");
    Node& invoke = inodes_.ensure_dir(dir.ino, "invoke");
    add_scope(invoke.ino, ScopeKind::tool, config_.uid, "tool.invoke", id);
  }
}

}  // namespace lf::ctxfs
