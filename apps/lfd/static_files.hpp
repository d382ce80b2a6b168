#pragma once

// A web UI's files (--static-dir, docs/lfd.md): GET and HEAD of any path that
// is not an API route are answered from the directory, with a content type by
// extension, an ETag and Cache-Control (immutable for content-hashed asset
// names such as index-3fa9c2b1.js, revalidated otherwise); a path without a
// file extension that names no file gets index.html, so that the UI's own
// routes load it. Paths are decoded by the router (no "..", ".", "%2F"); a
// file reached through a symbolic link that leaves the directory is not
// served. /LightFlowUI/<path> names the same file as /<path>.
// Thread-safety: the handler may run on any thread.

#include <string>
#include <string_view>

#include "router.hpp"

namespace lf::lfd {

/// The handler serving `root` (the real path of a directory).
Handler static_files(const std::string& root);

/// The Content-Type for a file name, by its extension.
std::string_view content_type_of(std::string_view file_name);

/// Whether a file name carries a content hash (a bundler's output, never
/// changed in place): "<name>-<8+ letters or digits>.<ext>" or
/// "<name>.<8+ hex>.<ext>".
bool content_hashed(std::string_view file_name);

}  // namespace lf::lfd
