#pragma once

// The asset authoring vocabulary. An asset is one .cpp file under
// assets/<kind>s/ that includes this header and declares
//
//   using namespace lightflow::asset;
//   inline constexpr AssetMeta META{.id = "...", .version = "...", .title = "...",
//                                   .kind = Kind::workflow, .description = "...",
//                                   .stability = Stability::draft};
//   inline auto define() { return workflow(META.id)...; }
//
// LightFlow reads these files without compiling them (lf::assets' static
// reader); `lf assets check` compiles them against this header so that a wrong
// port, name or argument type is a compile error. The complete language is in
// docs/authoring-assets.md. Namespace: lightflow::asset.

#include <lightflow/asset/builders.hpp>
#include <lightflow/asset/checked_text.hpp>
#include <lightflow/asset/field.hpp>
#include <lightflow/asset/json.hpp>
#include <lightflow/asset/meta.hpp>
#include <lightflow/asset/specs.hpp>
