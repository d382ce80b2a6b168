#pragma once

// What the builder chains produce: plain data describing a model, node,
// composition or workflow. The static reader in lf::assets produces the same
// data from the source text without compiling it.

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <lightflow/asset/field.hpp>
#include <lightflow/asset/meta.hpp>

namespace lightflow::asset {

/// Named constants in declaration order (later settings replace earlier ones in place).
using NamedValues = std::vector<std::pair<std::string_view, Value>>;

/// A step's request template. kind "openai_chat_prompt" is the reference's
/// form (model_alias + input_field); kind "openai_chat" has system/user
/// templates and parameters. A null user means "use the node's template".
struct RequestSpec {
  std::string_view kind;
  std::optional<std::string_view> model_alias;
  std::string_view input_field;
  std::optional<std::string_view> system;
  std::optional<std::string_view> user;
  NamedValues params;
};

/// One step of a workflow or composition.
struct StepSpec {
  std::string_view step_id;
  std::string_view callable_id;
  std::string_view target_kind;   ///< "api", "tool", "thread" or "composition"
  std::string_view target_value;  ///< format, tool id or thread id ("" for composition)
  std::optional<RequestSpec> request;
  std::vector<std::string_view> depends_on;
  NamedValues bindings;                      ///< port -> template text or constant
  std::optional<long long> timeout_seconds;  ///< per attempt; absent: the scheduler's default
  std::optional<long long> retries;          ///< attempts after the first; absent: none
};

/// A workflow (inputs) or a composition (parameters).
struct ChainSpec {
  std::string_view id;
  std::optional<std::string_view> input_schema;
  std::optional<std::string_view> output_schema;
  std::vector<std::string_view> required_models;
  std::vector<StepSpec> steps;
  std::vector<FieldSpec> fields;
};

/// A node: ports, CortexFS target and request template.
struct NodeSpec {
  std::string_view id;
  std::vector<FieldSpec> inputs;
  std::vector<FieldSpec> outputs;
  std::string_view target_kind;  ///< "" when no target was declared
  std::string_view target_value;
  bool has_request = false;
  std::optional<std::string_view> system;
  std::optional<std::string_view> user;
  NamedValues params;
};

/// A model alias.
struct ModelSpec {
  std::string_view id;
  std::vector<Capability> capabilities;
  std::optional<std::string_view> preferred_format;
  NamedValues params;
};

namespace detail {

/// Replaces the value of `name` in place, or appends it.
inline void set_named(NamedValues& values, std::string_view name, Value value) {
  for (auto& entry : values) {
    if (entry.first == name) {
      entry.second = std::move(value);
      return;
    }
  }
  values.emplace_back(name, std::move(value));
}

template <typename V>
concept constant_like =
    std::integral<V> || std::floating_point<V> || std::convertible_to<V, std::string_view>;

template <typename V>
Value constant(V v) {
  if constexpr (std::same_as<V, bool>) {
    return Value(v);
  } else if constexpr (std::integral<V>) {
    return Value(static_cast<long long>(v));
  } else if constexpr (std::floating_point<V>) {
    return Value(static_cast<double>(v));
  } else {
    return Value(std::string_view(v));
  }
}

/// The openai_chat request of a step, created (replacing a reference-style
/// openai_chat_prompt request) when needed.
inline RequestSpec& chat_request(StepSpec& step) {
  if (!step.request || step.request->kind != "openai_chat") {
    step.request = RequestSpec{};
    step.request->kind = "openai_chat";
  }
  return *step.request;
}

}  // namespace detail
}  // namespace lightflow::asset
