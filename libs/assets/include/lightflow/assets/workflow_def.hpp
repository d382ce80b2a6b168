#pragma once

// The definition of a workflow or a composition: steps, their targets, request
// templates, dependencies and bindings. Its JSON form (asset_json.hpp) is
// stored as resolved_workflow.json. Templates use the placeholders described
// in placeholders.hpp. Thread-safety: plain values.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <lightflow/assets/field_def.hpp>

namespace lf::assets {

/// Where a step runs. Persisted by name ("api"): never rename a value.
enum class TargetKind { api, tool, thread, composition };

std::string_view to_string(TargetKind kind) noexcept;

struct StepTarget {
  TargetKind kind = TargetKind::api;
  /// The API format name ("openai.chat"), tool id or thread id; empty for a composition.
  std::string value;
};

/// A step's request template.
/// - kind "openai_chat_prompt" (the reference's form): one user message equal to
///   run input `input_field`; `system`, `user` and `params` are unused.
/// - kind "openai_chat": optional system prompt and user message templates and
///   parameters. A null `user` means "render the node's template with the
///   step's bindings".
struct RequestTemplate {
  std::string kind;
  std::optional<std::string> model_alias;
  std::string input_field;
  std::optional<std::string> system;
  std::optional<std::string> user;
  boost::json::object params;
};

struct StepDef {
  std::string step_id;
  std::string node_or_composition_id;
  StepTarget target;
  std::optional<RequestTemplate> request;
  /// Steps that must finish first; each names an earlier step.
  std::vector<std::string> depends_on;
  /// Node port (or composition parameter) -> template string or constant.
  boost::json::object bindings;
  std::optional<long long> timeout_seconds;  ///< per attempt; absent: the scheduler's default
  std::optional<long long> retries;          ///< attempts after the first; absent: none
};

struct WorkflowDef {
  std::string id;
  std::optional<std::string> input_schema;
  std::optional<std::string> output_schema;
  std::vector<std::string> required_models;
  std::vector<StepDef> steps;
  std::vector<FieldDef> inputs;  ///< the run inputs
};

/// A reusable group of steps; its templates read parameters as {{inputs.<name>}}.
struct CompositionDef {
  std::string id;
  std::vector<FieldDef> parameters;
  std::vector<std::string> required_models;
  std::vector<StepDef> steps;
};

/// The step named `step_id`, or nullptr.
const StepDef* find_step(const std::vector<StepDef>& steps, std::string_view step_id) noexcept;

}  // namespace lf::assets
