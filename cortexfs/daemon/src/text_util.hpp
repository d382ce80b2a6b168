#pragma once

// Small text helpers for the one-value-per-file conventions of /ctx.
// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace lf::ctxfs {

/// `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim(std::string_view text);

/// Non-empty trimmed pieces of `text` split at any character of `separators`.
std::vector<std::string> split_lines(std::string_view text, std::string_view separators);

/// One item per line, each ending in "\n" (an empty list gives "").
std::string join_lines(const std::vector<std::string>& items);

/// True when `text` ends with `suffix`.
bool ends_with(std::string_view text, std::string_view suffix);

/// True when `text` is valid UTF-8, except that it may end in the first bytes
/// of a sequence (the rest may come with the next write).
bool valid_utf8_allowing_tail(std::string_view text);

/// A JSON string literal for `text` (quotes included).
std::string json_quote(std::string_view text);

}  // namespace lf::ctxfs
