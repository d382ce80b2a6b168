#include <cstdint>

#include <lightflow/base/utf8.hpp>

namespace lf::base {
namespace {

// The length of the well-formed sequence starting at `at`, or 0.
std::size_t sequence_length(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  const std::size_t length = lead < 0x80            ? 1
                             : (lead >> 5U) == 0x6  ? 2
                             : (lead >> 4U) == 0xE  ? 3
                             : (lead >> 3U) == 0x1E ? 4
                                                    : 0;
  if (length == 0 || at + length > text.size()) {
    return 0;
  }
  std::uint32_t code = length == 1 ? lead : lead & (0x7FU >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[at + k]);
    if ((next >> 6U) != 0x2) {
      return 0;
    }
    code = (code << 6U) | (next & 0x3FU);
  }
  const bool overlong = (length == 2 && code < 0x80) || (length == 3 && code < 0x800)
                        || (length == 4 && code < 0x10000);
  if (overlong || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return length;
}

}  // namespace

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = sequence_length(text, at);
    if (length == 0) {
      return at;
    }
    at += length;
  }
  return std::nullopt;
}

std::string printable_utf8(std::string_view text) {
  if (!invalid_utf8_offset(text)) {
    return std::string(text);
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = sequence_length(text, at);
    if (length > 0) {
      out.append(text.substr(at, length));
      at += length;
      continue;
    }
    const auto byte = static_cast<unsigned char>(text[at]);
    out += "\\x";
    out += kHex[byte >> 4U];
    out += kHex[byte & 0xFU];
    ++at;
  }
  return out;
}

}  // namespace lf::base
