#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include <lightflow/assets/static_reader.hpp>

#include "interpreters.hpp"
#include "lexer.hpp"
#include "parser.hpp"
#include "syntax_error.hpp"

namespace lf::assets {
namespace {

// Line and column of a byte offset; columns count bytes, as ninja's do.
Diagnostic locate(std::string_view source, const std::string& path, const detail::SyntaxError& e) {
  Diagnostic d;
  d.path = path;
  d.message = e.message;
  const std::size_t offset = std::min(e.offset, source.size());
  std::size_t line_start = 0;
  int line = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (source[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::size_t line_end = source.find('\n', line_start);
  if (line_end == std::string_view::npos) {
    line_end = source.size();
  }
  if (line_end > line_start && source[line_end - 1] == '\r') {
    --line_end;
  }
  d.line = line;
  d.col = static_cast<int>(offset - line_start) + 1;
  d.source_line = std::string(source.substr(line_start, line_end - line_start));
  return d;
}

// The offset of the first byte that is not part of valid UTF-8, if any.
// Asset text ends up in JSON, which must be UTF-8.
std::optional<std::size_t> invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80           ? 1
                          : (b >> 5) == 0x6  ? 2
                          : (b >> 4) == 0xE  ? 3
                          : (b >> 3) == 0x1E ? 4
                                             : 0;
    if (n == 0 || i + n > s.size()) {
      return i;
    }
    std::uint32_t cp = n == 1 ? b : b & (0x7FU >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c >> 6) != 0x2) {
        return i;
      }
      cp = (cp << 6) | (c & 0x3FU);
    }
    const bool overlong =
        (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += n;
  }
  return std::nullopt;
}

Definition read_definition(const detail::SyntaxFile& file, const AssetMeta& meta) {
  if (!file.has_define) {
    detail::syntax_error(0, "asset does not define 'inline auto define() { return ...; }'");
  }
  switch (meta.kind) {
    case AssetKind::model:
      return detail::read_model_chain(file.define_result, meta);
    case AssetKind::node:
      return detail::read_node_chain(file.define_result, meta);
    case AssetKind::composition:
      return detail::read_composition_chain(file.define_result, meta);
    case AssetKind::workflow:
      break;
  }
  return detail::read_workflow_chain(file.define_result, meta);
}

// One open, one fstat and usually one read: listing reads thousands of small files.
Result<std::string> slurp(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }

  struct stat st {};

  std::string data;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    data.resize(static_cast<std::size_t>(st.st_size) + 1);  // +1 sees growth without a 2nd read
  }
  std::size_t used = 0;
  for (;;) {
    if (used == data.size()) {
      data.resize(data.size() * 2 + 4096);
    }
    const ssize_t n = ::read(fd, data.data() + used, data.size() - used);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      return fail(errno_error(saved, path.string()));
    }
    if (n == 0 || (used + static_cast<std::size_t>(n) < data.size() && st.st_size > 0)) {
      used += static_cast<std::size_t>(n);
      break;
    }
    used += static_cast<std::size_t>(n);
  }
  ::close(fd);
  data.resize(used);
  return data;
}

}  // namespace

std::optional<ParsedAsset> read_asset_source(std::string_view source,
                                             const std::string& path,
                                             Diagnostic* error) {
  std::string meta_id;
  try {
    if (const auto bad = invalid_utf8(source)) {
      detail::syntax_error(*bad, "asset files must be UTF-8 text; this byte is not");
    }
    const auto tokens = detail::tokenize(source);
    const detail::SyntaxFile file = detail::parse_asset_tokens(tokens);
    ParsedAsset asset;
    asset.meta = detail::read_meta(file);
    meta_id = asset.meta.id;
    asset.definition = read_definition(file, asset.meta);
    return asset;
  } catch (const detail::SyntaxError& e) {
    *error = locate(source, path, e);
    error->asset_id = std::move(meta_id);
    return std::nullopt;
  }
}

std::optional<ParsedAsset> read_asset_file(const std::filesystem::path& path, Diagnostic* error) {
  auto data = slurp(path);
  if (!data) {
    error->path = path.string();
    error->line = 0;
    error->col = 0;
    error->message = data.error().message;
    return std::nullopt;
  }
  return read_asset_source(*data, path.string(), error);
}

Result<ParsedAsset> read_asset(const std::filesystem::path& path) {
  auto data = slurp(path);
  if (!data) {
    return fail(data.error());
  }
  Diagnostic d;
  auto asset = read_asset_source(*data, path.string(), &d);
  if (!asset) {
    return fail(d.to_error());
  }
  return std::move(*asset);
}

}  // namespace lf::assets
