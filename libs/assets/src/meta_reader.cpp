// Reads META's designated initialisers. C++ requires them in declaration
// order, so the reader does too: an asset the reader accepts must compile.

#include <array>
#include <string>

#include "interpreters.hpp"
#include "reader_support.hpp"
#include "syntax_error.hpp"

namespace lf::assets::detail {
namespace {

constexpr std::array<std::string_view, 6> kFields = {
    "id", "version", "title", "kind", "description", "stability"};

std::string_view enum_value(const Expr& e, std::string_view type, const char* allowed) {
  const auto fail = [&]() {
    syntax_error(e.offset, "expected " + std::string(type) + "::" + allowed);
  };
  if (e.kind != Expr::Kind::name) {
    fail();
  }
  const std::string_view name = e.text;
  const auto colon = name.rfind("::");
  if (colon == std::string_view::npos || last_segment(name.substr(0, colon)) != type) {
    fail();
  }
  return name.substr(colon + 2);
}

AssetKind kind_value(const Expr& e) {
  const std::string_view v = enum_value(e, "Kind", "model, node, composition or workflow");
  if (v == "model") {
    return AssetKind::model;
  }
  if (v == "node") {
    return AssetKind::node;
  }
  if (v == "composition") {
    return AssetKind::composition;
  }
  if (v != "workflow") {
    syntax_error(e.offset, "expected Kind::model, node, composition or workflow");
  }
  return AssetKind::workflow;
}

Stability stability_value(const Expr& e) {
  const std::string_view v = enum_value(e, "Stability", "draft, experimental or stable");
  if (v == "draft") {
    return Stability::draft;
  }
  if (v == "experimental") {
    return Stability::experimental;
  }
  if (v != "stable") {
    syntax_error(e.offset, "expected Stability::draft, experimental or stable");
  }
  return Stability::stable;
}

std::size_t field_index(const MetaField& f) {
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (kFields[i] == f.name) {
      return i;
    }
  }
  syntax_error(f.offset,
               "AssetMeta has no field ." + f.name
                   + " (fields: id, version, title, kind, description, stability)");
}

// C++ would default a missing field to empty; LightFlow needs all six.
void require_all_fields(const SyntaxFile& file) {
  std::size_t seen = 0;
  for (const MetaField& f : file.meta) {
    seen |= std::size_t{1} << field_index(f);
  }
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if ((seen & (std::size_t{1} << i)) == 0) {
      syntax_error(file.meta_offset, "META is missing ." + std::string(kFields[i]));
    }
  }
}

}  // namespace

AssetMeta read_meta(const SyntaxFile& file) {
  if (!file.has_meta) {
    syntax_error(0, "asset does not declare 'inline constexpr AssetMeta META{...};'");
  }
  AssetMeta meta;
  std::size_t next = 0;
  for (const MetaField& f : file.meta) {
    const std::size_t index = field_index(f);
    if (index < next) {
      syntax_error(f.offset, "." + f.name
                                 + " is out of order: designated initialisers follow the "
                                   "declaration order id, version, title, kind, description, "
                                   "stability");
    }
    next = index + 1;
    switch (index) {
      case 0:
        meta.id = text_arg(f.value, NameRule::asset_id);
        break;
      case 1:
        meta.version = text_arg(f.value, NameRule::any_text);
        break;
      case 2:
        meta.title = text_arg(f.value, NameRule::any_text);
        break;
      case 3:
        meta.kind = kind_value(f.value);
        break;
      case 4:
        meta.description = text_arg(f.value, NameRule::any_text);
        break;
      default:
        meta.stability = stability_value(f.value);
    }
  }
  require_all_fields(file);
  return meta;
}

}  // namespace lf::assets::detail
