#pragma once

// The definitions of nodes and models. Thread-safety: plain values.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <lightflow/assets/field_def.hpp>
#include <lightflow/assets/workflow_def.hpp>

namespace lf::assets {

/// A node: typed ports, where it runs, and its request template.
struct NodeDef {
  std::string id;
  std::vector<FieldDef> inputs;
  std::vector<FieldDef> outputs;
  std::optional<StepTarget> target;
  /// kind "openai_chat"; templates read the node's ports as {{inputs.<port>}}.
  std::optional<RequestTemplate> request;
};

/// A model alias: what it can do, its preferred format and default parameters.
struct ModelDef {
  std::string id;
  std::vector<std::string>
      capabilities;  ///< chat, responses, embedding, vision, tools, json_output
  std::optional<std::string> preferred_format;
  boost::json::object params;
};

/// The port named `name`, or nullptr.
const FieldDef* find_field(const std::vector<FieldDef>& fields, std::string_view name) noexcept;

}  // namespace lf::assets
