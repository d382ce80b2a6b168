// Isolation on a real --multi-user mount, attacked by real unprivileged users.
// Root mounts ctxfs and works in home/0; the users lf_iso_a and lf_iso_b
// (created here with useradd, removed at the end) try what a hostile user
// would: list and read root's inbox and outbox, stage and commit into root's
// inbox, rewrite root's route and policy, enter root's jobs, hooks and
// threads, read root's audit lines, read root's files through the tools and
// take root's request ids. Each attempt must be refused or isolated, and
// everyone must still work in their own home.
//
// The attacks run in a child process that drops to the user's uid and gid
// with no supplementary groups (test_users.hpp), so every errno is checked
// exactly; one attack also goes through setpriv and a shell.
// Needs root (CI runs as root); elsewhere the tests are skipped (exit 77).

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include <lightflow/cortex/commit.hpp>
#include <lightflow/cortex/exchange.hpp>
#include <lightflow/cortex/outcome.hpp>

#include "ctxfs_mount.hpp"
#include "test_users.hpp"

using ctxfs_test::as_user;
using ctxfs_test::CtxfsMount;
using ctxfs_test::errno_name;
using ctxfs_test::Report;
using ctxfs_test::ScopedUser;
using ctxfs_test::UsersLock;
namespace fs = std::filesystem;

namespace {

std::string try_list(const fs::path& dir) {
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) {
    return errno_name(errno);
  }
  ::closedir(handle);
  return "OK";
}

std::string try_stat(const fs::path& path) {
  struct stat st {};

  return errno_name(::stat(path.c_str(), &st) == 0 ? 0 : errno);
}

std::string try_read(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    return errno_name(errno);
  }
  ::close(fd);
  return "OK";
}

std::string try_create(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) {
    return errno_name(errno);
  }
  ::close(fd);
  return "OK";
}

std::string try_write(const fs::path& path, const std::string& value) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC);
  if (fd < 0) {
    return errno_name(errno);
  }
  const ssize_t n = ::write(fd, value.data(), value.size());
  const int err = n < 0 ? errno : 0;
  ::close(fd);
  return errno_name(err);
}

std::string try_mkdir(const fs::path& path) {
  return errno_name(::mkdir(path.c_str(), 0755) == 0 ? 0 : errno);
}

// Stages <id>.tmp and renames it to <id>.req.json: "OK" or the first errno.
std::string try_commit(const fs::path& inbox, const std::string& id, const std::string& body) {
  const fs::path staged = inbox / (id + ".tmp");
  const int fd = ::open(staged.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    return errno_name(errno);
  }
  const ssize_t n = ::write(fd, body.data(), body.size());
  const int err = n < 0 ? errno : 0;
  ::close(fd);
  if (err != 0) {
    return errno_name(err);
  }
  return errno_name(ctxfs_test::rename_errno(staged, inbox / (id + ".req.json")));
}

// A --multi-user mount that the test users can reach (the temp dir is 0700).
struct MultiUserMount {
  CtxfsMount mount{{{}, {"--multi-user"}}};

  MultiUserMount() {
    fs::permissions(mount.root().parent_path(), fs::perms::owner_all | fs::perms::others_exec);
  }

  fs::path home(uid_t uid) const { return mount.root() / "home" / std::to_string(uid); }

  fs::path inbox(uid_t uid, const std::string& format = "openai.chat") const {
    return home(uid) / "api" / format / "inbox";
  }

  fs::path outbox(uid_t uid, const std::string& format = "openai.chat") const {
    return home(uid) / "api" / format / "outbox";
  }

  fs::path tool_inbox(const std::string& tool = "filesystem.read") const {
    return mount.root() / "tool" / tool / "invoke" / "inbox";
  }

  fs::path tool_outbox(const std::string& tool = "filesystem.read") const {
    return mount.root() / "tool" / tool / "invoke" / "outbox";
  }
};

// Root commits `id` in its home and waits for the answer.
void root_commit(const MultiUserMount& m, const std::string& id, const std::string& text) {
  REQUIRE(ctxfs_test::commit(m.inbox(0), id, ctxfs_test::chat_body(text)) == 0);
  REQUIRE(ctxfs_test::wait_outcome(m.outbox(0), id) == "resp\n");
}

// A user commits `id` in its own home, waits and reads the answer into the report.
void own_commit(Report& out,
                const MultiUserMount& m,
                uid_t uid,
                const std::string& id,
                const std::string& text) {
  out["own commit " + id] = try_commit(m.inbox(uid), id, ctxfs_test::chat_body(text));
  out["own wait " + id] = ctxfs_test::wait_outcome(m.outbox(uid), id);
  out["own answer " + id] = ctxfs_test::read_text(m.outbox(uid) / (id + ".resp.json"));
}

std::string mode_of(const fs::path& path, uid_t* owner = nullptr) {
  struct stat st {};

  REQUIRE(::stat(path.c_str(), &st) == 0);
  if (owner != nullptr) {
    *owner = st.st_uid;
  }
  char text[8];
  std::snprintf(text, sizeof text, "%04o", st.st_mode & 07777);
  return text;
}

}  // namespace

TEST_CASE("another user gets EACCES everywhere in root's home on a multi-user mount",
          "[ctxfs][isolation]") {
  ctxfs_test::skip_unless_root_users();
  UsersLock lock;
  ScopedUser a("lf_iso_a");
  ScopedUser b("lf_iso_b");
  MultiUserMount m;
  const fs::path root_home = m.home(0);
  root_commit(m, "victim", "root secret text");
  REQUIRE(::mkdir((root_home / "job" / "j1").c_str(), 0755) == 0);
  REQUIRE(::mkdir((root_home / "hook" / "h1").c_str(), 0755) == 0);
  const fs::path thread_inbox = root_home / "thread" / "t1" / "inbox";
  REQUIRE(ctxfs_test::commit(thread_inbox, "m1", ctxfs_test::chat_body("root thread")) == 0);
  REQUIRE(ctxfs_test::wait_outcome(thread_inbox, "m1") == "resp\n");
  // b's home exists once b has looked at it.
  const Report seen_by_b =
      as_user(*b, [&](Report& out) { out["stat"] = try_stat(m.home(b->uid)); });
  REQUIRE(seen_by_b.at("stat") == "OK");

  const Report r = as_user(*a, [&](Report& out) {
    out["list root home"] = try_list(root_home);
    out["list root outbox"] = try_list(m.outbox(0));
    out["list root inbox"] = try_list(m.inbox(0));
    out["read root response"] = try_read(m.outbox(0) / "victim.resp.json");
    out["read root request body"] = try_read(m.inbox(0) / "victim.req.json");
    out["read root wait file"] = try_read(m.outbox(0) / "victim.wait");
    out["read root route.json"] = try_read(m.outbox(0) / "victim.route.json");
    out["stage into root inbox"] = try_create(m.inbox(0) / "evil.tmp");
    // Commit: stage in its own home, then rename into root's inbox.
    out["stage own"] = try_create(m.inbox(a->uid) / "evil.tmp");
    out["commit into root inbox"] = errno_name(
        ctxfs_test::rename_errno(m.inbox(a->uid) / "evil.tmp", m.inbox(0) / "evil.req.json"));
    out["rewrite root default_provider"] =
        try_write(root_home / "route" / "default_provider", "local");
    out["rewrite root allowed_providers"] =
        try_write(root_home / "policy" / "allowed_providers", "local");
    out["read root route"] = try_read(root_home / "route" / "openai.chat" / "provider");
    out["mkdir root job"] = try_mkdir(root_home / "job" / "j2");
    out["write root job spec"] = try_write(root_home / "job" / "j1" / "spec", "kind=translate");
    out["run root job"] = try_write(root_home / "job" / "j1" / "req", "hello world");
    out["mkdir root hook"] = try_mkdir(root_home / "hook" / "h2");
    out["run root hook"] = try_write(root_home / "hook" / "h1" / "req", "hello world");
    out["read root thread"] = try_read(root_home / "thread" / "t1" / "messages.jsonl");
    out["open a new thread in root home"] = try_stat(root_home / "thread" / "t2");
    out["commit into root thread"] =
        try_commit(thread_inbox, "evil", ctxfs_test::chat_body("injected"));
    out["list b inbox"] = try_list(m.inbox(b->uid));
    out["stage into b inbox"] = try_create(m.inbox(b->uid) / "evil.tmp");
    // And its own home works as usual.
    own_commit(out, m, a->uid, "mine", "a's own text");
    out["own route"] = try_write(m.home(a->uid) / "route" / "default_provider", "local");
    out["own job"] = try_mkdir(m.home(a->uid) / "job" / "j1");
  });
  INFO("report exception: " << (r.count("exception") ? r.at("exception") : "none"));
  for (const char* attack : {"list root home",
                             "list root outbox",
                             "list root inbox",
                             "read root response",
                             "read root request body",
                             "read root wait file",
                             "read root route.json",
                             "stage into root inbox",
                             "commit into root inbox",
                             "rewrite root default_provider",
                             "rewrite root allowed_providers",
                             "read root route",
                             "mkdir root job",
                             "write root job spec",
                             "run root job",
                             "mkdir root hook",
                             "run root hook",
                             "read root thread",
                             "open a new thread in root home",
                             "commit into root thread",
                             "list b inbox",
                             "stage into b inbox"}) {
    INFO(attack);
    CHECK(r.at(attack) == "EACCES");
  }
  CHECK(r.at("stage own") == "OK");
  CHECK(r.at("own commit mine") == "OK");
  CHECK(r.at("own wait mine") == "resp\n");
  CHECK(r.at("own answer mine").find("a's own text") != std::string::npos);
  CHECK(r.at("own route") == "OK");
  CHECK(r.at("own job") == "OK");

  // Nothing of root's changed, and root still works (and may enter a's home).
  CHECK(ctxfs_test::read_text(root_home / "route" / "default_provider") == "local\n");
  CHECK(ctxfs_test::read_text(root_home / "policy" / "allowed_providers").empty());
  CHECK(ctxfs_test::read_text(root_home / "thread" / "count") == "1\n");  // no t2
  CHECK_FALSE(fs::exists(thread_inbox / "evil.req.json"));
  CHECK_FALSE(fs::exists(m.inbox(0) / "evil.req.json"));
  CHECK(ctxfs_test::read_text(root_home / "job" / "j1" / "status") == "idle\n");
  root_commit(m, "after", "root again");
  CHECK(ctxfs_test::read_text(m.outbox(a->uid) / "mine.resp.json").find("a's own text")
        != std::string::npos);

  // The modes say so too: a's home is a's and closed, nothing is 0777 or 0666.
  uid_t owner = 0;
  CHECK(mode_of(m.home(a->uid), &owner) == "0500");
  CHECK(owner == a->uid);
  CHECK(mode_of(m.inbox(a->uid), &owner) == "0755");
  CHECK(owner == a->uid);
  CHECK(mode_of(m.home(a->uid) / "route" / "default_provider", &owner) == "0644");
  CHECK(owner == a->uid);
  CHECK(mode_of(m.home(a->uid) / "policy" / "allowed_providers") == "0644");
  CHECK(mode_of(root_home) == "0500");
  CHECK(mode_of(m.tool_inbox()) == "1733");

  // The same refusal through an ordinary shell, as a user would meet it.
  const auto shell = lf_test::run_process(
      {ctxfs_test::find_program("setpriv"),
       "--reuid=" + std::to_string(a->uid),
       "--regid=" + std::to_string(a->gid),
       "--clear-groups",
       ctxfs_test::find_program("sh"),
       "-c",
       "cat " + (m.inbox(0) / "victim.req.json").string() + "; ls " + m.outbox(0).string()});
  CHECK(shell.exit_code != 0);
  CHECK(shell.out.find("root secret") == std::string::npos);
  CHECK(shell.out.find("victim") == std::string::npos);
  CHECK(shell.err.find("Permission denied") != std::string::npos);
}

TEST_CASE("request ids are scoped to their home on a multi-user mount", "[ctxfs][isolation]") {
  ctxfs_test::skip_unless_root_users();
  UsersLock lock;
  ScopedUser a("lf_iso_a");
  ScopedUser b("lf_iso_b");
  MultiUserMount m;

  // a commits victim.draft in its own home first...
  const Report first =
      as_user(*a, [&](Report& out) { own_commit(out, m, a->uid, "victim.draft", "a's draft"); });
  REQUIRE(first.at("own commit victim.draft") == "OK");
  REQUIRE(first.at("own wait victim.draft") == "resp\n");

  // ...and root's lf client commits the same id as if nothing happened.
  const lf::ctxabi::Layout layout(m.mount.root(), 0);
  auto target = lf::cortex::api_target("openai.chat");
  REQUIRE(target);
  auto exchange = lf::cortex::plan_exchange(layout, *target, "victim.draft");
  REQUIRE(exchange);
  auto committed =
      lf::cortex::commit_request(m.mount.root(), *exchange, ctxfs_test::chat_body("root's draft"));
  INFO((committed ? std::string() : committed.error().message));
  REQUIRE(committed);
  REQUIRE(ctxfs_test::wait_outcome(m.outbox(0), "victim.draft") == "resp\n");
  auto outcome = lf::cortex::read_outcome(*exchange);
  REQUIRE(outcome);
  CHECK(ctxfs_test::read_text(m.outbox(0) / "victim.draft.resp.json").find("root's draft")
        != std::string::npos);

  // The other way round: root's id does not block b, and each answer is its own.
  root_commit(m, "early", "root early");
  const Report second = as_user(*b, [&](Report& out) {
    own_commit(out, m, b->uid, "early", "b's early");
    out["own commit victim.draft"] =
        try_commit(m.inbox(b->uid), "victim.draft", ctxfs_test::chat_body("b's draft"));
  });
  CHECK(second.at("own commit early") == "OK");
  CHECK(second.at("own answer early").find("b's early") != std::string::npos);
  CHECK(second.at("own answer early").find("root early") == std::string::npos);
  CHECK(second.at("own commit victim.draft") == "OK");
  CHECK(ctxfs_test::read_text(m.outbox(a->uid) / "victim.draft.resp.json").find("a's draft")
        != std::string::npos);

  // After a restart every home gets its own requests back.
  m.mount.restart({{}, {"--multi-user"}}, /*crash=*/false);
  CHECK(ctxfs_test::read_text(m.outbox(0) / "victim.draft.resp.json").find("root's draft")
        != std::string::npos);
  CHECK(ctxfs_test::read_text(m.outbox(a->uid) / "victim.draft.resp.json").find("a's draft")
        != std::string::npos);
  CHECK(ctxfs_test::read_text(m.outbox(b->uid) / "early.resp.json").find("b's early")
        != std::string::npos);
}

TEST_CASE("each user's audit view holds only their own events and root sees all",
          "[ctxfs][isolation]") {
  ctxfs_test::skip_unless_root_users();
  UsersLock lock;
  ScopedUser a("lf_iso_a");
  ScopedUser b("lf_iso_b");
  MultiUserMount m;
  root_commit(m, "root-req", "root text");
  const fs::path events = m.mount.root() / "audit" / "events.jsonl";
  const fs::path usage = m.mount.root() / "audit" / "usage";
  auto read_audit = [&](Report& out) {
    out["events"] = ctxfs_test::read_text(events);
    out["usage"] = ctxfs_test::read_text(usage);
    out["last_drained"] = ctxfs_test::read_text(m.mount.root() / "control" / "last_drained");
  };
  const Report by_a = as_user(*a, [&](Report& out) {
    own_commit(out, m, a->uid, "a-req", "a text");
    read_audit(out);
  });
  const Report by_b = as_user(*b, [&](Report& out) {
    own_commit(out, m, b->uid, "b-req", "b text");
    read_audit(out);
  });

  const std::string a_uid = std::to_string(a->uid);
  const std::string a_events = by_a.at("events");
  CHECK(a_events.find("a-req.req.json") != std::string::npos);
  CHECK(a_events.find("root-req") == std::string::npos);
  CHECK(a_events.find("\"host_uid\":0,") == std::string::npos);
  // Every line a sees was made by a or happened in a's home.
  std::size_t lines = 0;
  std::istringstream stream(a_events);
  for (std::string line; std::getline(stream, line);) {
    ++lines;
    CHECK((line.find("\"host_uid\":" + a_uid + ",") != std::string::npos
           || line.find("\"space\":\"home/" + a_uid + "\"") != std::string::npos));
  }
  CHECK(lines == 3);  // staged, queued, drained
  CHECK(by_a.at("usage").find("events=3\nstaged=1\nqueued=1\ndrained=1\n") == 0);
  CHECK(by_a.at("last_drained") == "a-req\n");
  CHECK(by_b.at("events").find("b-req.req.json") != std::string::npos);
  CHECK(by_b.at("events").find("a-req") == std::string::npos);
  CHECK(by_b.at("events").find("root-req") == std::string::npos);
  CHECK(by_b.at("last_drained") == "b-req\n");

  const std::string all = ctxfs_test::read_text(events);
  for (const char* name : {"root-req.req.json", "a-req.req.json", "b-req.req.json"}) {
    CHECK(all.find(name) != std::string::npos);
  }
  CHECK(ctxfs_test::read_text(usage).find("events=9\nstaged=3\nqueued=3\ndrained=3\n") == 0);
}

TEST_CASE("tools act with their caller's rights on a multi-user mount", "[ctxfs][isolation]") {
  ctxfs_test::skip_unless_root_users();
  UsersLock lock;
  ScopedUser a("lf_iso_a");
  MultiUserMount m;
  root_commit(m, "victim", "root secret text");
  const std::string secret_path =
      "{\"path\":\"" + (fs::path("home/0/api/openai.chat/inbox") / "victim.req.json").string()
      + "\"}";
  // Root reads its own request through the tool.
  REQUIRE(ctxfs_test::commit(m.tool_inbox(), "root-read", secret_path) == 0);
  REQUIRE(ctxfs_test::wait_outcome(m.tool_outbox(), "root-read") == "resp\n");
  CHECK(ctxfs_test::read_text(m.tool_outbox() / "root-read.resp.json").find("root secret text")
        != std::string::npos);

  const Report r = as_user(*a, [&](Report& out) {
    // Ids are unique across a user's inboxes: one per tool.
    for (const std::string tool : {"filesystem.read", "mcp.local-fs.read_file"}) {
      const std::string id = "steal-" + tool;
      out["commit " + tool] = try_commit(m.tool_inbox(tool), id, secret_path);
      out["wait " + tool] = ctxfs_test::wait_outcome(m.tool_outbox(tool), id);
      out["error " + tool] = ctxfs_test::read_text(m.tool_outbox(tool) / (id + ".error"));
    }
    out["commit audit"] = try_commit(m.tool_inbox(), "audit", "{\"path\":\"audit/events.jsonl\"}");
    out["wait audit"] = ctxfs_test::wait_outcome(m.tool_outbox(), "audit");
    out["audit via tool"] = ctxfs_test::read_text(m.tool_outbox() / "audit.resp.json");
    out["commit own"] =
        try_commit(m.tool_inbox(), "own", "{\"path\":\"home/" + std::to_string(a->uid) + "/uid\"}");
    out["wait own"] = ctxfs_test::wait_outcome(m.tool_outbox(), "own");
    out["own via tool"] = ctxfs_test::read_text(m.tool_outbox() / "own.resp.json");
    // Root's tool exchange: not listable, not readable, its id not takeable.
    out["list tool inbox"] = try_list(m.tool_inbox());
    out["list tool outbox"] = try_list(m.tool_outbox());
    out["read root tool answer"] = try_read(m.tool_outbox() / "root-read.resp.json");
    out["read root tool request"] = try_read(m.tool_inbox() / "root-read.req.json");
    out["stage in tool inbox"] = try_create(m.tool_inbox() / "take.tmp");
    out["take root tool id"] = errno_name(ctxfs_test::rename_errno(
        m.tool_inbox() / "take.tmp", m.tool_inbox() / "root-read.req.json", RENAME_NOREPLACE));
    out["replace root tool request"] = errno_name(ctxfs_test::rename_errno(
        m.tool_inbox() / "take.tmp", m.tool_inbox() / "root-read.req.json"));
  });
  INFO("report exception: " << (r.count("exception") ? r.at("exception") : "none"));
  for (const std::string tool : {"filesystem.read", "mcp.local-fs.read_file"}) {
    INFO(tool);
    CHECK(r.at("commit " + tool) == "OK");
    CHECK(r.at("wait " + tool) == "error\n");
    CHECK(r.at("error " + tool).find("permission denied") != std::string::npos);
    CHECK(r.at("error " + tool).find("root secret") == std::string::npos);
  }
  CHECK(r.at("wait audit") == "resp\n");
  CHECK(r.at("audit via tool").find("victim") == std::string::npos);
  CHECK(r.at("audit via tool").find("root-read") == std::string::npos);
  CHECK(r.at("own via tool").find("\"content\":\"" + std::to_string(a->uid) + "\\n\"")
        != std::string::npos);
  CHECK(r.at("list tool inbox") == "EACCES");
  CHECK(r.at("list tool outbox") == "EACCES");
  CHECK(r.at("read root tool answer") == "EACCES");
  CHECK(r.at("read root tool request") == "EACCES");
  CHECK(r.at("stage in tool inbox") == "OK");
  CHECK(r.at("take root tool id") == "EEXIST");
  // The sticky inbox: the kernel refuses to replace another user's file.
  CHECK(r.at("replace root tool request") == "EPERM");
  // Root's answer is untouched.
  CHECK(ctxfs_test::read_text(m.tool_outbox() / "root-read.resp.json").find("root secret text")
        != std::string::npos);
}
