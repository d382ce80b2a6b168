// What the kernel may cache about staged and .wait files (to save round
// trips) must stay true: the commit's mode change, a duplicate commit that
// replaces a committed file, and truncation are all visible at once.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"

using ctxfs_test::CtxfsMount;
namespace fs = std::filesystem;

namespace {

// The mode as the kernel reports it when asked for the mode only: it answers
// from its cache unless that part was invalidated.
unsigned cached_mode(const fs::path& path) {
  struct statx stx {};

  REQUIRE(::statx(AT_FDCWD, path.c_str(), 0, STATX_MODE, &stx) == 0);
  return stx.stx_mode & 07777U;
}

std::uint64_t size_of(const fs::path& path) {
  struct stat st {};

  REQUIRE(::stat(path.c_str(), &st) == 0);
  return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace

TEST_CASE("a commit's mode change reaches a kernel that cached the staged file",
          "[ctxfs][caching]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto inbox = mount.inbox();
  const std::string body = ctxfs_test::chat_body("cached");
  ctxfs_test::write_text(inbox / "c.tmp", body);
  CHECK(cached_mode(inbox / "c.tmp") == 0644U);
  CHECK(size_of(inbox / "c.tmp") == body.size());
  REQUIRE(ctxfs_test::rename_errno(inbox / "c.tmp", inbox / "c.req.json") == 0);
  CHECK(cached_mode(inbox / "c.req.json") == 0444U);
  CHECK(ctxfs_test::read_text(inbox / "c.req.json") == body);
  CHECK_FALSE(fs::exists(inbox / "c.tmp"));
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "c") == "resp\n");
  // The .wait file stays valid (and cached) after its outcome.
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "c") == "resp\n");
}

TEST_CASE("a finished duplicate's staged file becomes the committed one", "[ctxfs][caching]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto inbox = mount.inbox();
  REQUIRE(ctxfs_test::commit(inbox, "d", ctxfs_test::chat_body("first")) == 0);
  REQUIRE(ctxfs_test::wait_outcome(mount.outbox(), "d") == "resp\n");
  const std::string second = ctxfs_test::chat_body("second, longer than the first");
  ctxfs_test::write_text(inbox / "d2.tmp", second);
  CHECK(size_of(inbox / "d2.tmp") == second.size());
  REQUIRE(ctxfs_test::rename_errno(inbox / "d2.tmp", inbox / "d.req.json") == 0);
  CHECK(cached_mode(inbox / "d.req.json") == 0444U);
  CHECK(ctxfs_test::read_text(inbox / "d.req.json") == ctxfs_test::chat_body("first"));
  CHECK(size_of(inbox / "d.req.json") == ctxfs_test::chat_body("first").size());
  CHECK_FALSE(fs::exists(inbox / "d2.tmp"));
}

TEST_CASE("rewriting a staged file shows its new size at once", "[ctxfs][caching]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto staged = mount.inbox() / "t.tmp";
  ctxfs_test::write_text(staged, "{\"a\":\"0123456789\"}");
  CHECK(size_of(staged) == 18U);
  ctxfs_test::write_text(staged, "{}");
  CHECK(size_of(staged) == 2U);
  CHECK(ctxfs_test::read_text(staged) == "{}");
  REQUIRE(::truncate(staged.c_str(), 1) == 0);
  CHECK(size_of(staged) == 1U);
  CHECK(::unlink(staged.c_str()) == 0);
  CHECK_FALSE(fs::exists(staged));
}
