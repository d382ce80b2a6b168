// What the static file handler decides from a file name alone.

#include "static_files.hpp"

#include <catch2/catch.hpp>

using lf::lfd::content_hashed;
using lf::lfd::content_type_of;

TEST_CASE("a file's content type comes from its extension", "[lfd][static]") {
  CHECK(content_type_of("index.html") == "text/html; charset=utf-8");
  CHECK(content_type_of("app.JS") == "text/javascript; charset=utf-8");
  CHECK(content_type_of("logo.svg") == "image/svg+xml");
  CHECK(content_type_of("font.woff2") == "font/woff2");
  CHECK(content_type_of("README") == "application/octet-stream");
  CHECK(content_type_of(".hidden") == "application/octet-stream");
}

TEST_CASE("bundler output with a content hash is recognised, words are not", "[lfd][static]") {
  CHECK(content_hashed("index-Bx3k9aQ1.js"));
  CHECK(content_hashed("vendor.3fa9c2b1.css"));
  CHECK(content_hashed("chunk-D4_kLm9z.js"));
  CHECK_FALSE(content_hashed("index.html"));
  CHECK_FALSE(content_hashed("my-component.js"));
  CHECK_FALSE(content_hashed("app-1234.js"));  // too short to be a hash
  CHECK_FALSE(content_hashed("notes.deadbeefzz.txt"));
}
