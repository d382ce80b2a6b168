// home/<uid>/job/<id> and home/<uid>/hook/<id> (spec §5.2-5.3, §8.2): mkdir
// creates the files, writing `req` runs the job synchronously (a
// deterministic fixture, never a provider call). Hook trigger and spec are
// written through to <config_dir>/hook.d/<id>.conf (mounting user's hooks)
// as trigger= and spec.<key>= lines and loaded again at mount.

#include <cerrno>
#include <chrono>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/ctxabi/ids.hpp>

#include "commit/job_runner.hpp"
#include "fs/ctx_fs.hpp"
#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

bool valid_id(std::string_view id) {
  return ctxabi::validate_virtual_id(ctxabi::IdKind::job_id, id).has_value();
}

std::string key_of(std::uint32_t uid, std::string_view id) {
  return std::to_string(uid) + "/" + std::string(id);
}

std::string hook_conf(const VirtualJob& hook) {
  std::string text = "trigger=" + std::string(trim(hook.trigger)) + "\n";
  for (const auto& line : split_lines(hook.spec, "\n")) {
    text += "spec." + line + "\n";
  }
  return text;
}

}  // namespace

void CtxFs::build_job_dir(Ino parent, std::uint32_t uid, const std::string& id, VirtualKind kind) {
  Node& dir = inodes_.ensure_dir(parent, id);
  dir.cacheable = false;
  const bool hook = kind == VirtualKind::hook;
  const std::string key = key_of(uid, id);
  auto field = [this, hook, key](std::string VirtualJob::*member) {
    return [this, hook, key, member] {
      return (hook ? hooks_ : jobs_)[key].*member;
    };
  };
  inodes_.add_text(dir.ino, "id", id + "\n");
  inodes_.add_value(
      dir.ino, "spec", 0644, field(&VirtualJob::spec), [this, hook, key, uid](std::string_view v) {
        return write_job_spec(hook ? VirtualKind::hook : VirtualKind::job, key, uid, v);
      });
  inodes_.add_value(
      dir.ino, "req", 0644, field(&VirtualJob::req), [this, hook, key, uid](std::string_view v) {
        return hook ? run_hook(key, uid, v) : run_job_request(key, v);
      });
  inodes_.add_dynamic(dir.ino, "out.json", field(&VirtualJob::out));
  inodes_.add_dynamic(dir.ino, "status", field(&VirtualJob::status));
  if (hook) {
    inodes_.add_value(dir.ino,
                      "trigger",
                      0644,
                      field(&VirtualJob::trigger),
                      [this, key, uid](std::string_view v) {
                        const std::string trigger(trim(v));
                        if (!valid_hook_trigger(trigger)) {
                          return EINVAL;
                        }
                        hooks_[key].trigger = trigger + "\n";
                        persist_hook(key, uid);
                        return 0;
                      });
    inodes_.add_dynamic(dir.ino, "last", field(&VirtualJob::last));
    inodes_.add_dynamic(dir.ino, "log.jsonl", field(&VirtualJob::log));
  }
}

int CtxFs::write_job_spec(VirtualKind kind,
                          const std::string& key,
                          std::uint32_t uid,
                          std::string_view value) {
  std::string spec(trim(value));
  spec += "\n";
  if (kind == VirtualKind::hook) {
    if (!spec.starts_with("kind=job")) {
      return EINVAL;
    }
    hooks_[key].spec = spec;
    persist_hook(key, uid);
    return 0;
  }
  if (!parse_job_spec(spec)) {
    return EINVAL;
  }
  jobs_[key].spec = spec;
  jobs_[key].status = "spec-ready\n";
  return 0;
}

int CtxFs::run_job_request(const std::string& key, std::string_view value) {
  VirtualJob& job = jobs_[key];
  auto spec = parse_job_spec(job.spec);
  if (!spec) {
    job.status = "error\n";
    return EINVAL;
  }
  job.req = std::string(value);
  job.out = run_job(*spec, value);
  job.status = "done\n";
  return 0;
}

int CtxFs::run_hook(const std::string& key, std::uint32_t uid, std::string_view value) {
  VirtualJob& hook = hooks_[key];
  hook.req = std::string(value);
  std::string bound;
  for (const auto& line : split_lines(hook.spec, "\n")) {
    if (line.starts_with("job=")) {
      bound = line.substr(4);
    }
  }
  auto job = jobs_.find(key_of(uid, bound));
  const std::string base = job != jobs_.end() ? job->second.spec : default_job_spec();
  auto spec = parse_job_spec(hook_job_spec(base, hook.spec));
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::string id = key.substr(key.find('/') + 1);
  if (!spec) {
    // LightFlow writes only `req`: an unusable spec is reported in the files,
    // not as a failed write.
    hook.status = "error\n";
    hook.log += "{\"event\":\"error\",\"hook\":" + json_quote(id) + ",\"time\":"
                + std::to_string(now) + ",\"error\":" + json_quote(spec.error().message) + "}\n";
    return 0;
  }
  hook.out = run_job(*spec, value);
  hook.status = "done\n";
  hook.last = "done\n";
  hook.log += "{\"event\":\"drained\",\"hook\":" + json_quote(id)
              + ",\"time\":" + std::to_string(now) + "}\n";
  return 0;
}

void CtxFs::persist_hook(const std::string& key, std::uint32_t uid) {
  if (uid != config_.uid || config_.config_dir.empty()) {
    return;  // only the mounting user's hooks are persisted
  }
  const std::string id = key.substr(key.find('/') + 1);
  const auto dir = config_.config_dir / "hook.d";
  auto saved = base::make_directories(dir);
  if (saved) {
    saved = base::write_file_atomically(dir / (id + ".conf"), hook_conf(hooks_[key]));
  }
  if (!saved) {
    problems_.push_back(saved.error().message);
  }
}

int CtxFs::make_job_or_hook(Node& parent, std::uint32_t uid, std::string_view name) {
  const bool hook = parent.name == "hook";
  if (!valid_id(name)) {
    return EINVAL;
  }
  const std::string id(name);
  const std::string key = key_of(uid, id);
  VirtualJob fresh;
  fresh.spec = hook ? default_hook_spec(id) : default_job_spec();
  (hook ? hooks_ : jobs_)[key] = fresh;
  build_job_dir(parent.ino, uid, id, hook ? VirtualKind::hook : VirtualKind::job);
  if (hook) {
    persist_hook(key, uid);
  }
  return 0;
}

void CtxFs::load_hooks(Ino hook_dir, std::uint32_t uid) {
  std::error_code ec;
  const auto dir = config_.config_dir / "hook.d";
  if (config_.config_dir.empty() || !std::filesystem::is_directory(dir, ec)) {
    return;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string id = entry.path().stem().string();
    auto text = base::read_text_file(entry.path());
    if (entry.path().extension() != ".conf" || !text || !valid_id(id)) {
      continue;
    }
    VirtualJob hook;
    hook.spec.clear();
    for (const auto& line : split_lines(*text, "\n")) {
      if (line.starts_with("trigger=")) {
        hook.trigger = line.substr(8) + "\n";
      } else if (line.starts_with("spec.")) {
        hook.spec += line.substr(5) + "\n";
      }
    }
    hooks_[key_of(uid, id)] = hook;
    build_job_dir(hook_dir, uid, id, VirtualKind::hook);
  }
}

}  // namespace lf::ctxfs
