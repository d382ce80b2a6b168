#pragma once

// The spelling rules for names inside assets, shared by the static reader and
// validation. They are the same rules lightflow/asset/checked_text.hpp makes
// the compiler enforce. Private to lf::assets. Thread-safety: pure functions.

#include <string_view>

namespace lf::assets::detail {

/// 1-64 letters, digits, '_' or '-'.
bool is_step_name(std::string_view s) noexcept;

/// A C identifier: a letter or '_', then letters, digits or '_'.
bool is_field_name(std::string_view s) noexcept;

/// 1-128 letters, digits, '.', '_' or '-'.
bool is_asset_id(std::string_view s) noexcept;

/// One of the four API format names.
bool is_api_format(std::string_view s) noexcept;

/// Non-empty, not "." or "..", no '/', no control characters, at most 128 bytes.
bool is_segment(std::string_view s) noexcept;

/// The edit distance between two short strings, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace lf::assets::detail
