// CtxFs driven in-process, without a mount: the commit protocol and the
// worker side, step by step.

#include "fs/ctx_fs.hpp"

#include <fcntl.h>
#include <linux/fs.h>

#include <cerrno>
#include <string>

#include <catch2/catch.hpp>

#include <lf_test/temp_dir.hpp>

using namespace lf::ctxfs;

namespace {

struct Fixture {
  lf_test::TempDir dir;
  CtxFs fs{config(dir)};
  Caller caller{0, 0, 42};

  static DaemonConfig config(const lf_test::TempDir& d) {
    DaemonConfig c;
    c.state_dir = d / "state";
    c.config_dir = d / "config";
    return c;
  }

  Ino resolve(const std::string& path) {
    Ino at = kRootIno;
    std::size_t start = 0;
    while (start < path.size()) {
      const auto end = path.find('/', start);
      Entry entry;
      const auto part =
          path.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (fs.lookup(at, part, caller, entry) != 0) {
        return 0;
      }
      at = entry.ino;
      if (end == std::string::npos) {
        break;
      }
      start = end + 1;
    }
    return at;
  }

  std::string text(const std::string& path) {
    const Ino ino = resolve(path);
    OpenFile file;
    if (ino == 0 || fs.open(ino, O_RDONLY, file) != 0) {
      return "<missing>";
    }
    std::string out;
    REQUIRE(fs.read(file, 1 << 20, 0, out) == 0);
    return out;
  }

  int stage(const std::string& name, const std::string& body) {
    Entry entry;
    const int err = fs.create(resolve("home/0/api/openai.chat/inbox"), name, caller, entry);
    if (err == 0) {
      REQUIRE(fs.write(entry.ino, body, 0, caller) == static_cast<long>(body.size()));
    }
    return err;
  }

  int commit(const std::string& from, const std::string& to, unsigned flags = 0) {
    const Ino inbox = resolve("home/0/api/openai.chat/inbox");
    return fs.rename(inbox, from, inbox, to, flags, caller);
  }
};

}  // namespace

TEST_CASE("staging triggers nothing and the rename commits without calling the provider",
          "[ctxfs][commit]") {
  Fixture f;
  REQUIRE(f.stage("001.tmp", "{\"messages\":[]}\n") == 0);
  CHECK(f.text("home/0/api/openai.chat/outbox/001.fingerprint") == "<missing>");
  CHECK(f.text("control/queue_depth") == "0\n");
  REQUIRE(f.commit("001.tmp", "001.req.json") == 0);
  CHECK(f.text("home/0/api/openai.chat/outbox/001.fingerprint") == "fnv1a64:88617caa4a28271c\n");
  CHECK(f.text("home/0/api/openai.chat/outbox/001.resp.json") == "<missing>");
  CHECK(f.text("control/queue_depth") == "1\n");
  CHECK(f.fs.queue_depth() == 1);
  REQUIRE(f.fs.run_next(std::chrono::milliseconds(0)));
  CHECK(f.text("home/0/api/openai.chat/outbox/001.resp.json").find("chat.completion")
        != std::string::npos);
  CHECK(f.text("control/queue_depth") == "0\n");
  CHECK(f.text("control/last_drained") == "001\n");
  CHECK(f.text("audit/usage").find("staged=1\nqueued=1\ndrained=1\nerrors=0\ndenied=0\n")
        != std::string::npos);
}

TEST_CASE("commit errors follow the spec's order", "[ctxfs][commit]") {
  Fixture f;
  REQUIRE(f.stage("a.tmp", "{}") == 0);
  CHECK(f.commit("a.tmp", "a.json") == EINVAL);
  CHECK(f.commit("missing.tmp", "m.req.json") == ENOENT);
  REQUIRE(f.commit("a.tmp", "a.req.json") == 0);
  REQUIRE(f.stage("b.tmp", "{}") == 0);
  CHECK(f.commit("b.tmp", "a.req.json") == EAGAIN);
  CHECK(f.commit("b.tmp", "a.req.json", RENAME_NOREPLACE) == EEXIST);
  Entry entry;
  CHECK(f.fs.create(f.resolve("home/0/api/openai.chat/outbox"), "x", f.caller, entry) == EROFS);
  CHECK(f.fs.create(f.resolve("home/0/api/openai.chat/inbox"), "b.tmp", f.caller, entry) == EEXIST);
  CHECK(f.fs.create(f.resolve("home/0/api/openai.chat/inbox"), "x.Error", f.caller, entry)
        == EINVAL);
  CHECK(f.fs.mkdir(f.resolve("home/0/api"), "x", f.caller, entry) == EROFS);
  const Ino other = f.resolve("home/0/api/openai.responses/inbox");
  CHECK(f.fs.rename(
            f.resolve("home/0/api/openai.chat/inbox"), "b.tmp", other, "b.req.json", 0, f.caller)
        == EXDEV);
  CHECK(f.fs.write(f.resolve("home/0/api/openai.chat/inbox/b.tmp"), "x", 10, f.caller) == -EINVAL);
  CHECK(f.fs.write(f.resolve("home/0/api/openai.chat/inbox/b.tmp"), "\xff", 0, f.caller)
        == -EINVAL);
  // A character split across two writes is fine.
  CHECK(f.fs.write(f.resolve("home/0/api/openai.chat/inbox/b.tmp"), "\xe4\xbd", 2, f.caller) == 2);
  CHECK(f.fs.write(f.resolve("home/0/api/openai.chat/inbox/b.tmp"), "\xa0", 4, f.caller) == 1);
  OpenFile file;
  CHECK(f.fs.open(f.resolve("control/drain"), O_RDONLY, file) == EACCES);
  CHECK(f.fs.open(f.resolve("status"), O_WRONLY, file) == EROFS);
  CHECK(f.fs.open(f.resolve("home"), O_RDONLY, file) == EISDIR);
}

TEST_CASE("only a rename commits: a file created under a committed name is refused",
          "[ctxfs][commit]") {
  Fixture f;
  Entry entry;
  const Ino inbox = f.resolve("home/0/api/openai.chat/inbox");
  CHECK(f.fs.create(inbox, "copied.req.json", f.caller, entry) == EPERM);
  CHECK(f.text("home/0/api/openai.chat/inbox/copied.req.json") == "<missing>");
  CHECK(f.fs.queue_depth() == 0);
  // What cp or a cross-inbox mv cannot do, the commit protocol still does.
  REQUIRE(f.stage("copied.tmp", "{}") == 0);
  CHECK(f.commit("copied.tmp", "copied.req.json") == 0);
}

TEST_CASE("a staged request over the size limit is EFBIG", "[ctxfs][commit]") {
  Fixture f;
  REQUIRE(f.stage("big.tmp", "{") == 0);
  const Ino staged = f.resolve("home/0/api/openai.chat/inbox/big.tmp");
  const std::string chunk(1 << 20, 'x');
  std::size_t at = 1;
  while (at + chunk.size() <= kMaxStagedBytes) {
    REQUIRE(f.fs.write(staged, chunk, static_cast<off_t>(at), f.caller)
            == static_cast<long>(chunk.size()));
    at += chunk.size();
  }
  CHECK(f.fs.write(staged, chunk, static_cast<off_t>(at), f.caller) == -EFBIG);

  struct stat attr {};

  CHECK(f.fs.truncate(staged, kMaxStagedBytes + 1, attr) == EFBIG);
  CHECK(f.fs.truncate(staged, 1, attr) == 0);
  CHECK(attr.st_size == 1);
}

TEST_CASE("a finished request is re-served from its files, not from its record",
          "[ctxfs][commit]") {
  Fixture f;
  REQUIRE(f.stage("one.tmp", "{\"messages\":[]}") == 0);
  REQUIRE(f.commit("one.tmp", "one.req.json") == 0);
  REQUIRE(f.fs.run_next(std::chrono::milliseconds(0)));
  const std::string answer = f.text("home/0/api/openai.chat/outbox/one.resp.json");
  CHECK(answer.find("chat.completion") != std::string::npos);
  // A finished id committed again is a no-op that leaves the committed body in place.
  REQUIRE(f.stage("again.tmp", "{\"other\":1}") == 0);
  CHECK(f.commit("again.tmp", "one.req.json") == 0);
  CHECK(f.text("home/0/api/openai.chat/inbox/one.req.json") == "{\"messages\":[]}");
  CHECK(f.text("home/0/api/openai.chat/outbox/one.resp.json") == answer);
}

TEST_CASE("a restarted CtxFs re-queues unfinished requests and keeps finished outcomes",
          "[ctxfs][state]") {
  lf_test::TempDir dir;
  const DaemonConfig config = Fixture::config(dir);
  {
    CtxFs fs(config);
    Caller caller{0, 0, 1};
    Entry staged;
    Entry inbox;
    Entry api;
    Entry home;
    Entry fmt;
    REQUIRE(fs.lookup(kRootIno, "home", caller, home) == 0);
    REQUIRE(fs.lookup(home.ino, "0", caller, home) == 0);
    REQUIRE(fs.lookup(home.ino, "api", caller, api) == 0);
    REQUIRE(fs.lookup(api.ino, "openai.chat", caller, fmt) == 0);
    REQUIRE(fs.lookup(fmt.ino, "inbox", caller, inbox) == 0);
    for (const char* id : {"done", "todo"}) {
      REQUIRE(fs.create(inbox.ino, std::string(id) + ".tmp", caller, staged) == 0);
      REQUIRE(fs.write(staged.ino, "{\"messages\":[]}", 0, caller) == 15);
      REQUIRE(fs.rename(inbox.ino,
                        std::string(id) + ".tmp",
                        inbox.ino,
                        std::string(id) + ".req.json",
                        0,
                        caller)
              == 0);
      if (std::string(id) == "done") {
        REQUIRE(fs.run_next(std::chrono::milliseconds(0)));
      }
    }
  }
  CtxFs restarted(config);
  CHECK(restarted.queue_depth() == 1);
  REQUIRE(restarted.run_next(std::chrono::milliseconds(0)));
  CHECK(restarted.queue_depth() == 0);
}
