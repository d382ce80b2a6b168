#pragma once

// UTF-8 checks for text that ends up in JSON or in a user's terminal: ids,
// directory names found on disk, messages that quote them. JSON must be
// UTF-8, so a name with a stray byte (a directory "\xff" in runs/) is shown
// with that byte escaped instead of copied raw.
// Thread-safety: pure functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lf::base {

/// The offset of the first byte of `text` that is not part of a well-formed
/// UTF-8 sequence (overlong forms, surrogates and code points above U+10FFFF
/// are ill-formed too), or std::nullopt when all of it is valid.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text);

/// `text` unchanged when it is valid UTF-8; otherwise every byte that is not
/// part of a well-formed sequence is written as the four characters `\xNN`
/// (lowercase hex). The result is always valid UTF-8.
std::string printable_utf8(std::string_view text);

}  // namespace lf::base
