#include "name_rules.hpp"

#include <algorithm>
#include <vector>

namespace lf::assets::detail {
namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_step_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '_' || c == '-';
}

}  // namespace

bool is_step_name(std::string_view s) noexcept {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), is_step_char);
}

bool is_field_name(std::string_view s) noexcept {
  if (s.empty() || !(is_alpha(s[0]) || s[0] == '_')) {
    return false;
  }
  return std::all_of(
      s.begin(), s.end(), [](char c) { return is_alpha(c) || is_digit(c) || c == '_'; });
}

bool is_asset_id(std::string_view s) noexcept {
  return !s.empty() && s.size() <= 128
         && std::all_of(s.begin(), s.end(), [](char c) { return is_step_char(c) || c == '.'; });
}

bool is_api_format(std::string_view s) noexcept {
  return s == "openai.chat" || s == "openai.responses" || s == "anthropic.messages"
         || s == "google.generate_content";
}

bool is_segment(std::string_view s) noexcept {
  if (s.empty() || s == "." || s == ".." || s.size() > 128) {
    return false;
  }
  return std::none_of(
      s.begin(), s.end(), [](char c) { return c == '/' || static_cast<unsigned char>(c) < 0x20; });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace lf::assets::detail
