#pragma once

// Helpers the static reader's interpreters share: walking a builder chain,
// checking argument counts and kinds, reading names, constants and fields.
// Each check throws SyntaxError at the offending argument with a message an
// author can act on. Private to lf::assets.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include <lightflow/assets/field_def.hpp>

#include "syntax.hpp"

namespace lf::assets::detail {

/// One method call of a chain: `.name(args...)`.
struct ChainCall {
  const Expr* expr = nullptr;

  const std::string& name() const { return expr->text; }

  std::size_t argc() const { return expr->children.size() - 1; }

  const Expr& arg(std::size_t i) const { return expr->children[i + 1]; }
};

/// The rules a name argument must follow (see name_rules.hpp).
enum class NameRule { step, field, asset_id, api_format, segment, template_text, any_text };

/// The root call of `chain` and its method calls in source order. Throws when
/// the chain does not start with a call to a function.
const Expr& flatten_chain(const Expr& chain, std::vector<ChainCall>& calls);

/// The last segment of a qualified name ("Kind::workflow" -> "workflow").
std::string_view last_segment(std::string_view name);

/// Throws unless `call` has exactly `count` arguments.
void expect_args(const ChainCall& call, std::size_t count);

/// A string literal argument that follows `rule`.
std::string text_arg(const Expr& arg, NameRule rule);

/// A literal constant: string, integer, floating or boolean.
boost::json::value constant_arg(const Expr& arg);

/// A field built by string_field(...), integer_field(...), ... .describe(...) etc.
FieldDef field_arg(const Expr& arg);

/// Throws "unknown method .x() on a <builder> builder" with a suggestion.
[[noreturn]] void unknown_method(const ChainCall& call,
                                 std::string_view builder,
                                 std::initializer_list<std::string_view> known);

}  // namespace lf::assets::detail
