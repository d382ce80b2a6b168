#pragma once

// Asset metadata: the `META` every asset file declares. Plain constexpr values.
// Part of the authoring vocabulary (namespace lightflow::asset); see
// docs/authoring-assets.md.

#include <string_view>

namespace lightflow::asset {

/// What an asset is. Must match its folder: assets/<kind>s/.
enum class Kind { model, node, composition, workflow };

/// How far an asset can be relied upon.
enum class Stability { draft, experimental, stable };

/// What a model alias can do.
enum class Capability { chat, responses, embedding, vision, tools, json_output };

/// The metadata of one asset. Designated initialisers must follow this order:
/// .id, .version, .title, .kind, .description, .stability.
struct AssetMeta {
  std::string_view id;
  std::string_view version;
  std::string_view title;
  Kind kind = Kind::workflow;
  std::string_view description;
  Stability stability = Stability::draft;
};

/// The lowercase JSON name of a kind ("workflow").
constexpr std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::model:
      return "model";
    case Kind::node:
      return "node";
    case Kind::composition:
      return "composition";
    case Kind::workflow:
      return "workflow";
  }
  return "workflow";
}

/// The lowercase JSON name of a stability ("draft").
constexpr std::string_view to_string(Stability stability) {
  switch (stability) {
    case Stability::draft:
      return "draft";
    case Stability::experimental:
      return "experimental";
    case Stability::stable:
      return "stable";
  }
  return "draft";
}

/// The JSON name of a capability ("json_output").
constexpr std::string_view to_string(Capability capability) {
  switch (capability) {
    case Capability::chat:
      return "chat";
    case Capability::responses:
      return "responses";
    case Capability::embedding:
      return "embedding";
    case Capability::vision:
      return "vision";
    case Capability::tools:
      return "tools";
    case Capability::json_output:
      return "json_output";
  }
  return "chat";
}

}  // namespace lightflow::asset
