#include "pagination.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace lf::mcp {
namespace {

constexpr std::string_view kPrefix = "lf-page-";

}  // namespace

std::optional<std::size_t> page_start(const boost::json::object& params) {
  const auto* cursor = params.if_contains("cursor");
  if (cursor == nullptr || cursor->is_null()) {
    return 0;
  }
  if (!cursor->is_string() || !cursor->get_string().starts_with(kPrefix)) {
    return std::nullopt;
  }
  const std::string_view digits = std::string_view(cursor->get_string()).substr(kPrefix.size());
  std::size_t start = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), start);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return std::nullopt;
  }
  return start;
}

void fill_page(boost::json::object& result,
               std::string_view key,
               const boost::json::array& all,
               std::size_t start,
               std::size_t size) {
  boost::json::array page;
  const std::size_t end = std::min(all.size(), start + size);
  for (std::size_t i = start; i < end; ++i) {
    page.push_back(all[i]);
  }
  result[key] = std::move(page);
  if (end < all.size()) {
    result["nextCursor"] = std::string(kPrefix) + std::to_string(end);
  }
}

}  // namespace lf::mcp
