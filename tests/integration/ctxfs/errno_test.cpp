// Every error code of the ABI, produced through a real mount.

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include "fake_provider.hpp"

using ctxfs_test::CtxfsMount;
namespace fs = std::filesystem;

namespace {

int open_errno(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) {
    return errno;
  }
  ::close(fd);
  return 0;
}

int write_errno(const fs::path& path, const std::string& value) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC);
  if (fd < 0) {
    return errno;
  }
  const ssize_t n = ::write(fd, value.data(), value.size());
  const int err = n < 0 ? errno : 0;
  ::close(fd);
  return err;
}

}  // namespace

TEST_CASE("each misuse of the tree gets the errno the ABI names", "[ctxfs][errno]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto inbox = mount.inbox();
  const auto outbox = mount.outbox();

  SECTION("EXDEV: a rename across inboxes") {
    ctxfs_test::write_text(inbox / "x.tmp", "{}");
    CHECK(ctxfs_test::rename_errno(inbox / "x.tmp", mount.inbox("openai.responses") / "x.req.json")
          == EXDEV);
  }
  SECTION("EINVAL: a commit name without .req.json, or an invalid model") {
    ctxfs_test::write_text(inbox / "x.tmp", "{}");
    CHECK(ctxfs_test::rename_errno(inbox / "x.tmp", inbox / "x.json") == EINVAL);
    ctxfs_test::write_text(inbox / "m.tmp", "{\"model\":123,\"messages\":[]}");
    CHECK(ctxfs_test::rename_errno(inbox / "m.tmp", inbox / "m.req.json") == EINVAL);
    CHECK(open_errno(inbox / "bad.resp.json", O_WRONLY | O_CREAT) == EINVAL);
    CHECK(open_errno(inbox / "bad.ERROR", O_WRONLY | O_CREAT) == EINVAL);
    CHECK(write_errno(mount.root() / "control" / "drain", "2") == EINVAL);
    CHECK(write_errno(mount.root() / "control" / "drain", "1\n") == 0);
  }
  SECTION("EROFS: mkdir outside chan/, create in an outbox, writing a read-only node") {
    CHECK(::mkdir((mount.home() / "api" / "new").c_str(), 0755) == -1);
    CHECK(errno == EROFS);
    CHECK(open_errno(outbox / "a", O_WRONLY | O_CREAT) == EROFS);
    CHECK(open_errno(mount.root() / "status", O_WRONLY) == EROFS);
    CHECK(::rmdir((mount.root() / "cap").c_str()) == -1);
  }
  SECTION("EEXIST: creating an existing name and mkdir of an existing channel") {
    REQUIRE(ctxfs_test::commit(inbox, "e1", "{\"messages\":[]}") == 0);
    CHECK(open_errno(inbox / "e1.req.json", O_WRONLY | O_CREAT | O_EXCL) == EEXIST);
    CHECK(open_errno(inbox / "e1.fingerprint", O_WRONLY | O_CREAT | O_EXCL) == EEXIST);
    REQUIRE(::mkdir((mount.root() / "chan" / "c1").c_str(), 0755) == 0);
    CHECK(::mkdir((mount.root() / "chan" / "c1").c_str(), 0755) == -1);
    CHECK(errno == EEXIST);
    CHECK(::mkdir((mount.root() / "chan" / "bad_id").c_str(), 0755) == -1);
    CHECK(errno == EINVAL);
  }
  SECTION("EACCES: reading a write-only node and a route the policy denies") {
    CHECK(open_errno(mount.root() / "control" / "drain", O_RDONLY) == EACCES);
    CHECK(write_errno(mount.home() / "policy" / "allowed_providers", "nobody\n") == 0);
    CHECK(ctxfs_test::read_text(mount.home() / "route" / "openai.chat" / "reason")
          == "policy_denied\n");
    ctxfs_test::write_text(inbox / "d.tmp", "{\"messages\":[]}");
    CHECK(ctxfs_test::rename_errno(inbox / "d.tmp", inbox / "d.req.json") == EACCES);
    CHECK(fs::exists(inbox / "d.tmp"));
    CHECK_FALSE(fs::exists(outbox / "d.fingerprint"));
    CHECK(write_errno(mount.home() / "route" / "default_provider", "local") == EACCES);
    CHECK(write_errno(mount.home() / "route" / "default_provider", "no-such") == EINVAL);
    const std::string audit = ctxfs_test::read_text(mount.root() / "audit" / "events.jsonl");
    CHECK(audit.find("\"event\":\"denied\"") != std::string::npos);
    CHECK(audit.find("\"decision\":\"policy_denied\"") != std::string::npos);
    CHECK(audit.find("{\"event\":\"configured\",\"format\":\"home." + std::to_string(::getuid())
                     + ".policy\",\"name\":\"allowed_providers\"")
          != std::string::npos);
  }
  SECTION("EISDIR: a directory opened for writing") {
    CHECK(open_errno(mount.root() / "home", O_WRONLY) == EISDIR);
  }
  SECTION("xattrs: the context label reads, others are ENODATA, writes EROFS") {
    char value[128] = {};
    const ssize_t n = ::getxattr(mount.home().c_str(), "user.cortex.context", value, sizeof(value));
    REQUIRE(n > 0);
    CHECK(std::string(value, static_cast<std::size_t>(n))
          == "local:uid" + std::to_string(::getuid()) + ":object_r:user_space_t:s0");
    CHECK(::getxattr(mount.home().c_str(), "user.other", value, sizeof(value)) == -1);
    CHECK(errno == ENODATA);
    CHECK(::setxattr(mount.home().c_str(), "user.x", "1", 1, 0) == -1);
    CHECK(errno == EROFS);
  }
  SECTION("ENOENT: the .wait file of an unknown id") {
    CHECK(open_errno(outbox / "never.wait", O_RDONLY) == ENOENT);
  }
}

TEST_CASE("a pending id is refused with EAGAIN and keeps its first fingerprint", "[ctxfs][errno]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()}}, {}});
  REQUIRE(ctxfs_test::commit(mount.inbox(), "p1", ctxfs_test::chat_body("a", "slow")) == 0);
  const std::string fingerprint = ctxfs_test::read_text(mount.outbox() / "p1.fingerprint");
  ctxfs_test::write_text(mount.inbox() / "p1b.tmp", ctxfs_test::chat_body("b", "slow"));
  CHECK(ctxfs_test::rename_errno(mount.inbox() / "p1b.tmp", mount.inbox() / "p1.req.json")
        == EAGAIN);
  CHECK(fs::exists(mount.inbox() / "p1b.tmp"));
  // Ids are global: the same id in another format's inbox is pending too.
  ctxfs_test::write_text(mount.inbox("openai.responses") / "p1.tmp", "{\"input\":\"x\"}");
  CHECK(ctxfs_test::rename_errno(mount.inbox("openai.responses") / "p1.tmp",
                                 mount.inbox("openai.responses") / "p1.req.json")
        == EAGAIN);
  CHECK(ctxfs_test::read_text(mount.outbox() / "p1.fingerprint") == fingerprint);
  CHECK(ctxfs_test::read_text(mount.root() / "control" / "queue_depth") == "1\n");
}
