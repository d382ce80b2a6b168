// Small lookups and names for the definition types (field_def.hpp,
// workflow_def.hpp, node_def.hpp).

#include <lightflow/assets/field_def.hpp>
#include <lightflow/assets/node_def.hpp>
#include <lightflow/assets/workflow_def.hpp>

namespace lf::assets {

std::string_view to_string(FieldType type) noexcept {
  switch (type) {
    case FieldType::string:
      return "string";
    case FieldType::integer:
      return "integer";
    case FieldType::number:
      return "number";
    case FieldType::boolean:
      return "boolean";
    case FieldType::json:
      return "json";
  }
  return "json";
}

std::string_view to_string(TargetKind kind) noexcept {
  switch (kind) {
    case TargetKind::api:
      return "api";
    case TargetKind::tool:
      return "tool";
    case TargetKind::thread:
      return "thread";
    case TargetKind::composition:
      return "composition";
  }
  return "api";
}

const StepDef* find_step(const std::vector<StepDef>& steps, std::string_view step_id) noexcept {
  for (const StepDef& step : steps) {
    if (step.step_id == step_id) {
      return &step;
    }
  }
  return nullptr;
}

const FieldDef* find_field(const std::vector<FieldDef>& fields, std::string_view name) noexcept {
  for (const FieldDef& field : fields) {
    if (field.name == name) {
      return &field;
    }
  }
  return nullptr;
}

}  // namespace lf::assets
