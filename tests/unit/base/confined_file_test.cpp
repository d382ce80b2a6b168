// find_confined_file: files under a directory, never outside it.

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include <lightflow/base/confined_file.hpp>

#include <lf_test/temp_dir.hpp>

namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("a file under the directory is found with its facts", "[base][confined]") {
  lf_test::TempDir dir;
  write(dir / "site/app.js", "abc");
  write(dir / "site/docs/index.html", "<p>");
  auto root = lf::base::real_directory(dir / "site");
  REQUIRE(root);
  const auto file = lf::base::find_confined_file(*root, {"app.js"}, "index.html");
  REQUIRE(file);
  CHECK(file->name == "app.js");
  CHECK(file->size == 3);
  CHECK(file->mtime_ns > 0);
  // A directory gives its index file.
  const auto index = lf::base::find_confined_file(*root, {"docs"}, "index.html");
  REQUIRE(index);
  CHECK(index->name == "index.html");
  CHECK_FALSE(lf::base::find_confined_file(*root, {"missing.js"}, "index.html"));
}

TEST_CASE("links and prefixes that lead out of the directory find nothing", "[base][confined]") {
  lf_test::TempDir dir;
  write(dir / "site/ok.txt", "ok");
  write(dir / "site-old/secret.txt", "secret");
  write(dir / "secret.txt", "secret");
  fs::create_symlink(dir / "secret.txt", dir / "site/leak.txt");
  fs::create_symlink(dir / "site-old", dir / "site/old");
  fs::create_symlink(dir / "site/ok.txt", dir / "site/alias.txt");
  auto root = lf::base::real_directory(dir / "site");
  REQUIRE(root);
  CHECK_FALSE(lf::base::find_confined_file(*root, {"leak.txt"}, "index.html"));
  CHECK_FALSE(lf::base::find_confined_file(*root, {"old", "secret.txt"}, "index.html"));
  CHECK(lf::base::find_confined_file(*root, {"alias.txt"}, "index.html"));
  // The directory itself without an index file is nothing to serve.
  CHECK_FALSE(lf::base::find_confined_file(*root, {}, "index.html"));
}

TEST_CASE("real_directory refuses what is not a directory", "[base][confined]") {
  lf_test::TempDir dir;
  write(dir / "file.txt", "x");
  CHECK(lf::base::real_directory(dir / "nope").error().code == lf::Code::not_found);
  CHECK(lf::base::real_directory(dir / "file.txt").error().code == lf::Code::invalid_argument);
}
