#pragma once

// The one placeholder syntax of asset templates (request templates and
// bindings):
//   {{inputs.<name>}}              a run input (in a composition: a parameter;
//                                  in a node: an input port)
//   {{steps.<step_id>.text}}       the assistant text of an earlier step's
//                                  openai.chat / openai.responses answer
//   {{steps.<step_id>.json.<field>}}  one top-level field of the JSON object
//                                  the earlier step's answer content holds
// No spaces inside the braces. Every "{{" opens a placeholder; there is no
// escape. <name> is a C identifier, <step_id> 1-64 of [A-Za-z0-9_-], <field>
// 1+ of [A-Za-z0-9_-]. Thread-safety: pure functions.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lightflow/base/result.hpp>

namespace lf::assets {

struct Placeholder {
  enum class Source { input, step_text, step_json };
  Source source = Source::input;
  std::string name;        ///< the input name or the step id
  std::string field;       ///< step_json only
  std::size_t offset = 0;  ///< of "{{" in the template
  std::size_t length = 0;  ///< through "}}"
};

/// Every placeholder in `text`, in order. Returns invalid_argument
/// "invalid placeholder {{...}}: expected {{inputs.<name>}}, {{steps.<step>.text}} or
/// {{steps.<step>.json.<field>}}" (or "unterminated placeholder") otherwise.
Result<std::vector<Placeholder>> parse_placeholders(std::string_view text);

/// Replaces every placeholder with `lookup(placeholder)`. Returns the
/// parse error, or not_found "no value for {{...}}" when lookup gives nullopt.
Result<std::string> render_template(
    std::string_view text,
    const std::function<std::optional<std::string>(const Placeholder&)>& lookup);

}  // namespace lf::assets
