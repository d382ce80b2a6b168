#pragma once

// Cursors for the four list methods. A cursor is an opaque string to the
// client; here it names the offset of the next page. Thread-safety: pure
// functions.

#include <cstddef>
#include <optional>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace lf::mcp {

/// Where the page a list request asks for starts: 0 without a cursor;
/// std::nullopt for a cursor this server did not make (-32602).
std::optional<std::size_t> page_start(const boost::json::object& params);

/// `result[key]` = the entries of `all` from `start`, at most `size` of them,
/// and nextCursor when more follow.
void fill_page(boost::json::object& result,
               std::string_view key,
               const boost::json::array& all,
               std::size_t start,
               std::size_t size);

}  // namespace lf::mcp
