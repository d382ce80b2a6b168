#include "static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string>
#include <utility>

#include <lightflow/base/confined_file.hpp>
#include <lightflow/base/text_file.hpp>

namespace lf::lfd {
namespace {

// The prefix the reference gateway serves the UI under, besides the root.
constexpr std::string_view kUiPrefix = "LightFlowUI";
// The cache lifetime of a content-hashed file: a year, the usual maximum.
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

std::string_view extension_of(std::string_view name) {
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string_view() : name.substr(dot + 1);
}

// "<size hex>-<mtime ns hex>", as nginx builds its ETags from the same facts.
std::string etag_of(const base::ConfinedFile& file) {
  std::array<char, 64> text{};
  std::snprintf(text.data(),
                text.size(),
                "\"%llx-%llx\"",
                static_cast<unsigned long long>(file.size),
                static_cast<unsigned long long>(file.mtime_ns));
  return text.data();
}

// Whether an If-None-Match header names `etag` (or is "*").
bool matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const auto comma = if_none_match.find(',');
    std::string_view candidate = if_none_match.substr(0, comma);
    while (!candidate.empty() && candidate.front() == ' ') {
      candidate.remove_prefix(1);
    }
    while (!candidate.empty() && candidate.back() == ' ') {
      candidate.remove_suffix(1);
    }
    if (candidate.starts_with("W/")) {
      candidate.remove_prefix(2);
    }
    if (candidate == etag || candidate == "*") {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

void serve(const Call& call, const base::ConfinedFile& file, bool fallback) {
  const std::string etag = etag_of(file);
  const std::string& name = file.name;
  Response response{http::status::ok, 11};
  response.set(http::field::etag, etag);
  response.set(http::field::cache_control,
               !fallback && content_hashed(name) ? kImmutable : std::string_view("no-cache"));
  response.set(http::field::content_type, content_type_of(name));
  response.set("X-Content-Type-Options", "nosniff");
  if (matches(call.request()[http::field::if_none_match], etag)) {
    response.result(http::status::not_modified);
    call.respond(std::move(response));
    return;
  }
  auto bytes = base::read_text_file(file.path);
  if (!bytes) {
    call.fail(bytes.error());
    return;
  }
  response.body() = std::move(*bytes);
  call.respond(std::move(response));
}

void answer_static(const std::filesystem::path& root, const Call& call) {
  auto segments = path_segments(call.request().target());
  if (!segments) {
    return call.fail(segments.error());  // the router checked already; kept for safety
  }
  if (!segments->empty() && segments->front() == kUiPrefix) {
    segments->erase(segments->begin());
  }
  if (auto found = base::find_confined_file(root, *segments, "index.html")) {
    return serve(call, *found, false);
  }
  // A path with an extension names a file that is missing; any other is one
  // of the UI's own routes, which index.html handles.
  if (segments->empty() || extension_of(segments->back()).empty()) {
    if (auto index = base::find_confined_file(root, {}, "index.html")) {
      return serve(call, *index, true);
    }
  }
  std::string wanted;
  for (const std::string& segment : *segments) {
    wanted += "/" + segment;
  }
  call.respond(error_response(http::status::not_found, "not_found", "no file " + wanted));
}

}  // namespace

Handler static_files(const std::string& root) {
  return [root = std::filesystem::path(root)](const std::shared_ptr<Call>& call) {
    answer_static(root, *call);
  };
}

std::string_view content_type_of(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes{{
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"xml", "application/xml"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"wasm", "application/wasm"},
  }};
  std::string extension(extension_of(file_name));
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  for (const auto& [known, type] : kTypes) {
    if (known == extension) {
      return type;
    }
  }
  return "application/octet-stream";
}

bool content_hashed(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  const std::string_view stem = file_name.substr(0, dot);
  const auto separator = stem.find_last_of("-.");
  if (separator == std::string_view::npos || separator == 0) {
    return false;
  }
  const std::string_view hash = stem.substr(separator + 1);
  if (hash.size() < 8) {
    return false;
  }
  if (stem[separator] == '.') {
    return std::all_of(hash.begin(), hash.end(), [](unsigned char c) { return std::isxdigit(c); });
  }
  // A word ("my-component") is not a hash: a hash has a digit or a capital.
  const bool hash_chars = std::all_of(hash.begin(), hash.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '_' || c == '-';
  });
  const bool mixed = std::any_of(
      hash.begin(), hash.end(), [](unsigned char c) { return std::isdigit(c) || std::isupper(c); });
  return hash_chars && mixed;
}

}  // namespace lf::lfd
