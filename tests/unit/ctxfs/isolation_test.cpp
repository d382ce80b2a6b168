// A multi-user CtxFs driven in-process: the daemon's own checks of the home
// boundary (behind the kernel's mode checks), request ids scoped to their
// owner, per-user audit views and tools acting with their caller's rights.

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fs/ctx_fs.hpp"
#include <lf_test/temp_dir.hpp>

using namespace lf::ctxfs;

namespace {

const Caller kRoot{0, 0, 10};
const Caller kAlice{1001, 1001, 11};
const Caller kBob{1002, 1002, 12};

struct MultiUser {
  lf_test::TempDir dir;
  DaemonConfig settings = config(dir);
  std::optional<CtxFs> fs;

  MultiUser() { fs.emplace(settings); }

  static DaemonConfig config(const lf_test::TempDir& d) {
    DaemonConfig c;
    c.state_dir = d / "state";
    c.config_dir = d / "config";
    c.multi_user = true;
    return c;
  }

  void restart() {
    fs.reset();
    fs.emplace(settings);
  }

  // Looks `path` up step by step as `who`; the errno of the first refusal.
  int walk(const std::string& path, const Caller& who, Ino& out) {
    Ino at = kRootIno;
    std::size_t start = 0;
    while (start < path.size()) {
      const auto end = path.find('/', start);
      const auto part =
          path.substr(start, end == std::string::npos ? std::string::npos : end - start);
      Entry entry;
      if (const int err = fs->lookup(at, part, who, entry); err != 0) {
        return err;
      }
      at = entry.ino;
      if (end == std::string::npos) {
        break;
      }
      start = end + 1;
    }
    out = at;
    return 0;
  }

  Ino resolve(const std::string& path, const Caller& who = kRoot) {
    Ino ino = 0;
    REQUIRE(walk(path, who, ino) == 0);
    return ino;
  }

  std::string text(const std::string& path, const Caller& who) {
    Ino ino = 0;
    OpenFile file;
    if (walk(path, who, ino) != 0 || fs->open(ino, O_RDONLY, file, who) != 0) {
      return "<missing>";
    }
    std::string out;
    REQUIRE(fs->read(file, 1 << 20, 0, out) == 0);
    return out;
  }

  struct stat attr(const std::string& path) {
    struct stat st {};

    bool cacheable = false;
    REQUIRE(fs->getattr(resolve(path), st, cacheable) == 0);
    return st;
  }

  // Stages and commits `id` into the inbox at `inbox` as `who`; the errno.
  int commit(const std::string& inbox,
             const std::string& id,
             const std::string& body,
             const Caller& who) {
    const Ino box = resolve(inbox, who);
    Entry staged;
    if (const int err = fs->create(box, id + ".tmp", who, staged); err != 0) {
      return err;
    }
    REQUIRE(fs->write(staged.ino, body, 0, who) == static_cast<long>(body.size()));
    return fs->rename(box, id + ".tmp", box, id + ".req.json", 0, who);
  }

  void drain() {
    while (fs->queue_depth() > 0) {
      REQUIRE(fs->run_next(std::chrono::milliseconds(0)));
    }
  }
};

std::string chat(const std::string& text) {
  return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
}

const std::string kRootInbox = "home/0/api/openai.chat/inbox";
const std::string kRootOutbox = "home/0/api/openai.chat/outbox";
const std::string kAliceInbox = "home/1001/api/openai.chat/inbox";
const std::string kAliceOutbox = "home/1001/api/openai.chat/outbox";
const std::string kToolInbox = "tool/filesystem.read/invoke/inbox";
const std::string kToolOutbox = "tool/filesystem.read/invoke/outbox";

}  // namespace

TEST_CASE("a home belongs to its user and the daemon keeps other users out", "[ctxfs][isolation]") {
  MultiUser m;
  REQUIRE(m.commit(kRootInbox, "victim", chat("root secret"), kRoot) == 0);
  m.drain();
  Ino alice_home = 0;
  REQUIRE(m.walk("home/1001", kAlice, alice_home) == 0);

  const auto home = m.attr("home/1001");
  CHECK((home.st_mode & 07777) == 0500);
  CHECK(home.st_uid == 1001);
  CHECK(home.st_gid == 1001);
  const auto inbox = m.attr(kAliceInbox);
  CHECK((inbox.st_mode & 07777) == 0755);
  CHECK(inbox.st_uid == 1001);
  const auto route = m.attr("home/1001/route/default_provider");
  CHECK((route.st_mode & 07777) == 0644);
  CHECK(route.st_uid == 1001);
  CHECK((m.attr("home/1001/policy/allowed_providers").st_mode & 07777) == 0644);
  CHECK((m.attr("home/0").st_mode & 07777) == 0500);
  CHECK((m.attr(kToolInbox).st_mode & 07777) == 01733);
  CHECK((m.attr(kToolOutbox).st_mode & 07777) == 0711);

  Ino ino = 0;
  // Looking anything up inside another home, reading, staging, committing,
  // writing route or policy, mkdir of jobs and hooks, unlinking: EACCES.
  CHECK(m.walk("home/0/api", kAlice, ino) == EACCES);
  CHECK(m.walk("home/0/thread/t1", kAlice, ino) == EACCES);
  CHECK(m.walk("home/1001/api", kBob, ino) == EACCES);
  std::vector<std::pair<std::string, struct stat>> listing;
  CHECK(m.fs->readdir(m.resolve(kRootOutbox), listing, kAlice) == EACCES);
  CHECK(m.fs->readdir(m.resolve("home/0"), listing, kAlice) == EACCES);
  CHECK(listing.empty());
  CHECK(m.fs->readdir(m.resolve("home"), listing, kAlice) == 0);
  OpenFile file;
  CHECK(m.fs->open(m.resolve(kRootInbox + "/victim.req.json"), O_RDONLY, file, kAlice) == EACCES);
  CHECK(m.fs->open(m.resolve(kRootOutbox + "/victim.resp.json"), O_RDONLY, file, kAlice) == EACCES);
  Entry entry;
  CHECK(m.fs->create(m.resolve(kRootInbox), "evil.tmp", kAlice, entry) == EACCES);
  REQUIRE(m.fs->create(m.resolve(kRootInbox), "mine.tmp", kRoot, entry) == 0);
  CHECK(m.fs->rename(
            m.resolve(kRootInbox), "mine.tmp", m.resolve(kRootInbox), "x.req.json", 0, kAlice)
        == EACCES);
  CHECK(m.fs->unlink(m.resolve(kRootInbox), "mine.tmp", kAlice) == EACCES);
  CHECK(m.fs->write(m.resolve("home/0/route/default_provider"), "local", 0, kAlice) == -EACCES);
  CHECK(m.fs->write(m.resolve("home/0/policy/allowed_providers"), "local", 0, kAlice) == -EACCES);
  CHECK(m.fs->mkdir(m.resolve("home/0/job"), "j1", kAlice, entry) == EACCES);
  CHECK(m.fs->mkdir(m.resolve("home/0/hook"), "h1", kAlice, entry) == EACCES);

  // Each user and root still work in their own home; root may enter any.
  CHECK(m.fs->write(m.resolve("home/1001/route/default_provider"), "local", 0, kAlice) == 5);
  CHECK(m.fs->mkdir(m.resolve("home/1001/job"), "j1", kAlice, entry) == 0);
  CHECK(m.walk("home/1001/api", kRoot, ino) == 0);
  CHECK(m.text("home/1001/route/default_provider", kRoot) == "local\n");
}

TEST_CASE("request ids are scoped to their home", "[ctxfs][isolation]") {
  MultiUser m;
  // Alice first: root's commit of the same id must neither fail nor be
  // answered with Alice's outcome.
  REQUIRE(m.commit(kAliceInbox, "victim.draft", chat("alice text"), kAlice) == 0);
  CHECK(m.commit(kRootInbox, "victim.draft", chat("root text"), kRoot) == 0);
  m.drain();
  CHECK(m.text(kRootOutbox + "/victim.draft.resp.json", kRoot).find("root text")
        != std::string::npos);
  CHECK(m.text(kAliceOutbox + "/victim.draft.resp.json", kAlice).find("alice text")
        != std::string::npos);
  // The wait files answer each user about their own request.
  Ino wait = 0;
  CHECK(m.walk(kAliceOutbox + "/victim.draft.wait", kAlice, wait) == 0);

  SECTION("a restart keeps both, each in its own home") {
    m.restart();
    CHECK(m.fs->load_problems().empty());
    CHECK(m.fs->queue_depth() == 0);
    CHECK(m.text(kRootOutbox + "/victim.draft.resp.json", kRoot).find("root text")
          != std::string::npos);
    CHECK(m.text(kAliceOutbox + "/victim.draft.resp.json", kAlice).find("alice text")
          != std::string::npos);
  }
  SECTION("within one home ids stay unique across its inboxes") {
    CHECK(m.commit("home/1001/api/openai.responses/inbox", "victim.draft", "{}", kAlice) == EEXIST);
  }
}

TEST_CASE("the audit and queue views show a user only their own events", "[ctxfs][isolation]") {
  MultiUser m;
  REQUIRE(m.commit(kRootInbox, "r1", chat("root"), kRoot) == 0);
  REQUIRE(m.commit(kAliceInbox, "a1", chat("alice"), kAlice) == 0);
  CHECK(m.text("control/queue_depth", kAlice) == "1\n");
  CHECK(m.text("control/queue_depth", kRoot) == "2\n");
  m.drain();
  Ino ino = 0;
  REQUIRE(m.walk("home/1002", kBob, ino) == 0);

  const std::string alice = m.text("audit/events.jsonl", kAlice);
  CHECK(alice.find("\"name\":\"a1.req.json\"") != std::string::npos);
  CHECK(alice.find("r1") == std::string::npos);
  CHECK(alice.find("\"host_uid\":0,") == std::string::npos);
  CHECK(m.text("audit/usage", kAlice).find("staged=1\nqueued=1\ndrained=1\n") != std::string::npos);
  CHECK(m.text("audit/events.jsonl", kBob).empty());
  CHECK(m.text("audit/usage", kBob).find("events=0\n") == 0);
  CHECK(m.text("control/last_drained", kBob) == "none\n");
  CHECK(m.text("control/last_drained", kAlice) == "a1\n");

  const std::string root = m.text("audit/events.jsonl", kRoot);
  CHECK(root.find("\"name\":\"a1.req.json\"") != std::string::npos);
  CHECK(root.find("\"name\":\"r1.req.json\"") != std::string::npos);
  CHECK(m.text("audit/usage", kRoot).find("staged=2\nqueued=2\ndrained=2\n") != std::string::npos);
  // Nobody learns the length of everyone's log from stat.
  CHECK(m.attr("audit/events.jsonl").st_size == 0);
}

TEST_CASE("tools read with their caller's rights", "[ctxfs][isolation]") {
  MultiUser m;
  REQUIRE(m.commit(kRootInbox, "victim", chat("root secret"), kRoot) == 0);
  m.drain();
  const std::string secret = "{\"path\":\"/" + kRootInbox + "/victim.req.json\"}";

  Ino alice_home = 0;
  REQUIRE(m.walk("home/1001", kAlice, alice_home) == 0);
  REQUIRE(m.commit(kToolInbox, "steal", secret, kAlice) == 0);
  REQUIRE(m.commit(kToolInbox, "mine", "{\"path\":\"home/1001/uid\"}", kAlice) == 0);
  REQUIRE(m.commit(kToolInbox, "audit", "{\"path\":\"audit/events.jsonl\"}", kAlice) == 0);
  REQUIRE(m.commit(kToolInbox, "own", secret, kRoot) == 0);
  m.drain();
  const std::string refused = m.text(kToolOutbox + "/steal.error", kAlice);
  CHECK(refused.find("permission denied") != std::string::npos);
  CHECK(refused.find("root secret") == std::string::npos);
  CHECK(m.text(kToolOutbox + "/steal.resp.json", kAlice) == "<missing>");
  CHECK(m.text(kToolOutbox + "/mine.resp.json", kAlice).find("\"content\":\"1001\\n\"")
        != std::string::npos);
  CHECK(m.text(kToolOutbox + "/audit.resp.json", kAlice).find("victim") == std::string::npos);
  CHECK(m.text(kToolOutbox + "/own.resp.json", kRoot).find("root secret") != std::string::npos);

  // A tool request's files are its caller's alone.
  const auto own = m.attr(kToolOutbox + "/own.resp.json");
  CHECK((own.st_mode & 07777) == 0400);
  CHECK(own.st_uid == 0);
  const auto steal = m.attr(kToolInbox + "/steal.req.json");
  CHECK((steal.st_mode & 07777) == 0400);
  CHECK(steal.st_uid == 1001);

  // The shared tool inbox: another user's request id is taken, and another
  // user's staged file can be neither written nor committed.
  CHECK(m.commit(kToolInbox, "own", secret, kAlice) == EEXIST);
  Entry staged;
  REQUIRE(m.fs->create(m.resolve(kToolInbox), "bob.tmp", kBob, staged) == 0);
  CHECK((staged.attr.st_mode & 07777) == 0600);
  CHECK(m.fs->write(staged.ino, "{}", 0, kAlice) == -EACCES);
  OpenFile file;
  CHECK(m.fs->open(staged.ino, O_WRONLY, file, kAlice) == EACCES);
  CHECK(
      m.fs->rename(m.resolve(kToolInbox), "bob.tmp", m.resolve(kToolInbox), "b.req.json", 0, kAlice)
      == EACCES);
  CHECK(m.fs->unlink(m.resolve(kToolInbox), "bob.tmp", kAlice) == EACCES);
}

TEST_CASE("a journal from before scoped ids still restores its outcomes", "[ctxfs][isolation]") {
  lf_test::TempDir dir;
  DaemonConfig config = MultiUser::config(dir);
  config.multi_user = false;
  std::filesystem::create_directories(config.state_dir);
  {
    std::ofstream journal(config.state_dir / "journal.jsonl");
    journal << R"({"type":"request","id":"old","seq":1,"kind":"api","uid":0,)"
            << R"("format":"openai.chat","tool":"","body":"{}","fingerprint":"fnv1a64:0",)"
            << R"("provider":"local","model":"offline","reason":"ready",)"
            << R"("caller_uid":0,"caller_gid":0,"caller_pid":1})"
            << "\n"
            << R"({"type":"outcome","id":"old","ok":true,"outcome":"{\"answer\":1}\n"})"
            << "\n";
  }
  CtxFs fs(config);
  CHECK(fs.load_problems().empty());
  CHECK(fs.queue_depth() == 0);
  Ino at = kRootIno;
  for (const char* part : {"home", "0", "api", "openai.chat", "outbox", "old.resp.json"}) {
    Entry entry;
    REQUIRE(fs.lookup(at, part, kRoot, entry) == 0);
    at = entry.ino;
  }
  OpenFile file;
  REQUIRE(fs.open(at, O_RDONLY, file) == 0);
  std::string out;
  REQUIRE(fs.read(file, 1024, 0, out) == 0);
  CHECK(out == "{\"answer\":1}\n");
}
