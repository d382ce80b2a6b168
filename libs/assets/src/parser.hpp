#pragma once

// Parses the tokens of an asset file into a SyntaxFile. Accepted at the top
// level: #include and #pragma lines, `using namespace a::b;`, one
// `[inline] constexpr AssetMeta META{...};` and one
// `[inline] auto define() { return <expression>; }`. Anything else throws
// SyntaxError naming what was expected. Private to lf::assets.

#include <vector>

#include "syntax.hpp"
#include "token.hpp"

namespace lf::assets::detail {

/// REQUIRES: tokens ends with a TokenKind::end token.
SyntaxFile parse_asset_tokens(const std::vector<Token>& tokens);

}  // namespace lf::assets::detail
