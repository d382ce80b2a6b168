#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include <lightflow/base/atomic_file.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace fs = std::filesystem;

namespace {

int entries_in(const fs::path& dir) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("a write abandoned before commit leaves the previous manifest intact",
          "[core][atomic_file]") {
  lf_test::TempDir dir;
  const fs::path manifest = dir / "manifest.json";
  lf_test::write_file(manifest, "old\n");
  {
    auto file = lf::base::AtomicFile::open(manifest);
    REQUIRE(file);
    REQUIRE(file->write("new, but never committed\n"));
    CHECK(entries_in(dir.path()) == 2);  // the target and the hidden temp file
  }
  CHECK(lf_test::read_file(manifest) == "old\n");
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("a committed write replaces the file and leaves no temp file behind",
          "[core][atomic_file]") {
  lf_test::TempDir dir;
  const fs::path manifest = dir / "manifest.json";
  lf_test::write_file(manifest, "old\n");
  REQUIRE(lf::base::write_file_atomically(manifest, "new\n"));
  CHECK(lf_test::read_file(manifest) == "new\n");
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("two writers of one file never share a temp file", "[core][atomic_file]") {
  lf_test::TempDir dir;
  const fs::path target = dir / "manifest.json";
  auto first = lf::base::AtomicFile::open(target);
  auto second = lf::base::AtomicFile::open(target);
  REQUIRE(first);
  REQUIRE(second);
  REQUIRE(first->write("first\n"));
  REQUIRE(second->write("second\n"));
  REQUIRE(second->commit());
  REQUIRE(first->commit());
  CHECK(lf_test::read_file(target) == "first\n");
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("a write into a missing directory fails naming the path", "[core][atomic_file]") {
  lf_test::TempDir dir;
  auto written = lf::base::write_file_atomically(dir / "missing" / "manifest.json", "x");
  REQUIRE_FALSE(written);
  CHECK(written.error().code == lf::Code::not_found);
  CHECK(written.error().message.find("missing/.manifest.json.") != std::string::npos);
}

TEST_CASE("an atomic write keeps the requested permissions", "[base][atomic_file]") {
  lf_test::TempDir dir;
  const fs::path secret = dir / "journal.jsonl";
  REQUIRE(lf::base::write_file_atomically(secret, "prompt\n", 0600));
  const auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
  CHECK((fs::status(secret).permissions() & fs::perms::all) == owner_only);
  REQUIRE(lf::base::write_file_atomically(secret, "again\n", 0600));
  CHECK((fs::status(secret).permissions() & (fs::perms::group_all | fs::perms::others_all))
        == fs::perms::none);
}

TEST_CASE("a durable remove deletes the file and accepts one already gone", "[base][atomic_file]") {
  lf_test::TempDir dir;
  const fs::path file = dir / "hook.conf";
  lf_test::write_file(file, "trigger=manual\n");
  REQUIRE(lf::base::remove_file_durably(file));
  CHECK_FALSE(fs::exists(file));
  CHECK(lf::base::remove_file_durably(file));
  auto missing = lf::base::remove_file_durably(dir / "missing" / "hook.conf");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("missing") != std::string::npos);
}
