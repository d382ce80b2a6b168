#pragma once

// JSON forms of everything lf::assets produces. Typed records keep the field
// order documented here (boost::json::object preserves insertion order);
// keys are snake_case; listings are objects, never bare arrays.
// Thread-safety: pure functions.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <lightflow/assets/asset_record.hpp>
#include <lightflow/assets/node_def.hpp>
#include <lightflow/assets/parsed_asset.hpp>
#include <lightflow/assets/workflow_def.hpp>

namespace lf::assets {

/// {id, title, kind, description, stability, version}
boost::json::object to_json(const AssetMeta& meta);

/// {name, type, description, required, default, minimum, maximum, choices}
boost::json::object to_json(const FieldDef& field);

/// {step_id, node_or_composition_id, target:{kind, format|tool_id|thread_id},
///  request (omitted when absent), depends_on, bindings}
boost::json::object to_json(const StepDef& step);

/// {id, input_schema, output_schema, required_models, steps, inputs}: the
/// reference's WorkflowDef plus `inputs`. Stored as resolved_workflow.json.
boost::json::object to_json(const WorkflowDef& def);

/// {id, required_models, steps, parameters}
boost::json::object to_json(const CompositionDef& def);

/// {id, inputs, outputs, target (null when none), request (null when none)}
boost::json::object to_json(const NodeDef& def);

/// {id, capabilities, preferred_format, params}
boost::json::object to_json(const ModelDef& def);

/// The definition of whichever kind `definition` holds.
boost::json::object to_json(const Definition& definition);

/// {meta, definition}: what `lf assets show` prints after the record fields,
/// and what the authoring header's to_json prints.
boost::json::object to_json(const ParsedAsset& asset);

/// {meta, source_path, builtin, shadows_builtin}
boost::json::object to_json(const AssetRecord& record);

/// {path, line, col, message}; line and col are null without a position.
boost::json::object to_json(const Problem& problem);

/// {assets:[...], problems:[...]}
boost::json::object to_json(const AssetListing& listing);

}  // namespace lf::assets
