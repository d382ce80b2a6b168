#pragma once

// Strings that the compiler checks while it compiles an asset: step names,
// field names, asset ids, API format names, tool and thread ids, and templates
// with {{...}} placeholders. Each has a consteval constructor, so a typo is a
// compile error whose message names the rule that was broken (the name of the
// non-constexpr function the check calls). The static reader applies the same
// rules (libs/assets/src/name_rules.cpp).

#include <string_view>

namespace lightflow::asset {
namespace detail {

// Deliberately not constexpr: calling one of these while checking a literal
// stops compilation, and the compiler prints the function's name.
inline void step_name_must_be_1_to_64_letters_digits_underscores_or_dashes() {}

inline void field_name_must_be_a_letter_or_underscore_then_letters_digits_or_underscores() {}

inline void asset_id_must_be_letters_digits_dots_underscores_or_dashes() {}

inline void
api_format_must_be_openai_chat_openai_responses_anthropic_messages_or_google_generate_content() {}

inline void tool_or_thread_id_must_be_a_path_segment_without_slash() {}

inline void placeholder_must_be_inputs_name_or_steps_id_text_or_steps_id_json_field() {}

constexpr bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr bool is_step_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '_' || c == '-';
}

constexpr bool is_step_name(std::string_view s) {
  if (s.empty() || s.size() > 64) {
    return false;
  }
  for (char c : s) {
    if (!is_step_char(c)) {
      return false;
    }
  }
  return true;
}

constexpr bool is_field_name(std::string_view s) {
  if (s.empty() || !(is_alpha(s[0]) || s[0] == '_')) {
    return false;
  }
  for (char c : s) {
    if (!(is_alpha(c) || is_digit(c) || c == '_')) {
      return false;
    }
  }
  return true;
}

constexpr bool is_asset_id(std::string_view s) {
  if (s.empty() || s.size() > 128) {
    return false;
  }
  for (char c : s) {
    if (!(is_step_char(c) || c == '.')) {
      return false;
    }
  }
  return true;
}

constexpr bool is_api_format(std::string_view s) {
  return s == "openai.chat" || s == "openai.responses" || s == "anthropic.messages"
         || s == "google.generate_content";
}

constexpr bool is_segment(std::string_view s) {
  if (s.empty() || s == "." || s == ".." || s.size() > 128) {
    return false;
  }
  for (char c : s) {
    if (c == '/' || static_cast<unsigned char>(c) < 0x20) {
      return false;
    }
  }
  return true;
}

// One placeholder body (between "{{" and "}}"): inputs.<field>,
// steps.<step>.text or steps.<step>.json.<field>.
constexpr bool is_placeholder(std::string_view body) {
  if (body.starts_with("inputs.")) {
    return is_field_name(body.substr(7));
  }
  if (!body.starts_with("steps.")) {
    return false;
  }
  const std::string_view rest = body.substr(6);
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos || !is_step_name(rest.substr(0, dot))) {
    return false;
  }
  const std::string_view port = rest.substr(dot + 1);
  if (port == "text") {
    return true;
  }
  if (!port.starts_with("json.")) {
    return false;
  }
  const std::string_view field = port.substr(5);
  if (field.empty()) {
    return false;
  }
  for (char c : field) {
    if (!is_step_char(c)) {
      return false;
    }
  }
  return true;
}

// Every "{{" opens a placeholder that must close with "}}" on a valid body.
constexpr bool is_template(std::string_view text) {
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    const auto end = text.find("}}", pos + 2);
    if (end == std::string_view::npos || !is_placeholder(text.substr(pos + 2, end - pos - 2))) {
      return false;
    }
    pos = end + 2;
  }
  return true;
}

}  // namespace detail

namespace detail {

// Called (never defined as constexpr) only when a policy number is out of range,
// so the compiler names the rule.
void step_policy_number_out_of_range();

/// A whole number in [Min, Max], checked at compile time: a step's timeout or
/// retry count.
template <long long Min, long long Max>
struct PolicyNumber {
  long long value;

  consteval PolicyNumber(int v) : value(v) {  // NOLINT: implicit by design
    if (v < Min || v > Max) {
      step_policy_number_out_of_range();
    }
  }
};

}  // namespace detail

/// A step id: 1-64 letters, digits, '_' or '-' (safe as a path segment and
/// unambiguous inside a placeholder).
struct StepName {
  std::string_view text;

  consteval StepName(const char* s) : text(s) {  // NOLINT: implicit by design
    if (!detail::is_step_name(text)) {
      detail::step_name_must_be_1_to_64_letters_digits_underscores_or_dashes();
    }
  }
};

/// A run input, port, parameter or JSON field name: a C identifier.
struct FieldName {
  std::string_view text;

  consteval FieldName(const char* s) : text(s) {  // NOLINT: implicit by design
    if (!detail::is_field_name(text)) {
      detail::field_name_must_be_a_letter_or_underscore_then_letters_digits_or_underscores();
    }
  }
};

/// An asset id ("node.llm_prompt"), given as a literal or as META.id.
struct AssetId {
  std::string_view text;

  consteval AssetId(std::string_view s) : text(s) {  // NOLINT: implicit by design
    if (!detail::is_asset_id(text)) {
      detail::asset_id_must_be_letters_digits_dots_underscores_or_dashes();
    }
  }

  consteval AssetId(const char* s) : AssetId(std::string_view(s)) {}  // NOLINT: implicit
};

/// One of the four CortexFS API formats ("openai.chat").
struct FormatName {
  std::string_view text;

  consteval FormatName(const char* s) : text(s) {  // NOLINT: implicit by design
    if (!detail::is_api_format(text)) {
      detail::
          api_format_must_be_openai_chat_openai_responses_anthropic_messages_or_google_generate_content();
    }
  }
};

/// A CortexFS tool or thread id: one path segment.
struct SegmentName {
  std::string_view text;

  consteval SegmentName(const char* s) : text(s) {  // NOLINT: implicit by design
    if (!detail::is_segment(text)) {
      detail::tool_or_thread_id_must_be_a_path_segment_without_slash();
    }
  }
};

/// Text with placeholders: {{inputs.<name>}}, {{steps.<step>.text}},
/// {{steps.<step>.json.<field>}}. Any other "{{" is a compile error.
struct Template {
  std::string_view text;

  consteval Template(const char* s) : text(s) {  // NOLINT: implicit by design
    if (!detail::is_template(text)) {
      detail::placeholder_must_be_inputs_name_or_steps_id_text_or_steps_id_json_field();
    }
  }
};

}  // namespace lightflow::asset
