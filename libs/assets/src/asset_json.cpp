#include <boost/json/array.hpp>

#include <lightflow/assets/asset_json.hpp>

namespace lf::assets {
namespace {

namespace json = boost::json;

json::value optional_text(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::value optional_value(const std::optional<json::value>& v) {
  return v ? *v : json::value(nullptr);
}

json::array strings(const std::vector<std::string>& items) {
  json::array out;
  out.reserve(items.size());
  for (const auto& s : items) {
    out.emplace_back(s);
  }
  return out;
}

json::array fields(const std::vector<FieldDef>& items) {
  json::array out;
  out.reserve(items.size());
  for (const auto& f : items) {
    out.emplace_back(to_json(f));
  }
  return out;
}

json::array steps(const std::vector<StepDef>& items) {
  json::array out;
  out.reserve(items.size());
  for (const auto& s : items) {
    out.emplace_back(to_json(s));
  }
  return out;
}

json::object target_json(const StepTarget& t) {
  json::object o;
  o["kind"] = to_string(t.kind);
  if (t.kind == TargetKind::api) {
    o["format"] = t.value;
  } else if (t.kind == TargetKind::tool) {
    o["tool_id"] = t.value;
  } else if (t.kind == TargetKind::thread) {
    o["thread_id"] = t.value;
  }
  return o;
}

json::object request_json(const RequestTemplate& r, bool with_model) {
  json::object o;
  o["kind"] = r.kind;
  if (with_model) {
    o["model_alias"] = optional_text(r.model_alias);
  }
  if (r.kind == "openai_chat_prompt") {
    o["input_field"] = r.input_field;
    return o;
  }
  o["system"] = optional_text(r.system);
  o["user"] = optional_text(r.user);
  o["params"] = r.params;
  return o;
}

}  // namespace

json::object to_json(const AssetMeta& meta) {
  json::object o;
  o["id"] = meta.id;
  o["title"] = meta.title;
  o["kind"] = to_string(meta.kind);
  o["description"] = meta.description;
  o["stability"] = to_string(meta.stability);
  o["version"] = meta.version;
  return o;
}

json::object to_json(const FieldDef& field) {
  json::object o;
  o["name"] = field.name;
  o["type"] = to_string(field.type);
  o["description"] = optional_text(field.description);
  o["required"] = field.required;
  o["default"] = optional_value(field.default_value);
  o["minimum"] = optional_value(field.minimum);
  o["maximum"] = optional_value(field.maximum);
  o["choices"] = json::array(field.choices.begin(), field.choices.end());
  return o;
}

json::object to_json(const StepDef& step) {
  json::object o;
  o["step_id"] = step.step_id;
  o["node_or_composition_id"] = step.node_or_composition_id;
  o["target"] = target_json(step.target);
  if (step.request) {
    o["request"] = request_json(*step.request, /*with_model=*/true);
  }
  o["depends_on"] = strings(step.depends_on);
  o["bindings"] = step.bindings;
  if (step.timeout_seconds) {
    o["timeout_seconds"] = *step.timeout_seconds;
  }
  if (step.retries) {
    o["retries"] = *step.retries;
  }
  return o;
}

json::object to_json(const WorkflowDef& def) {
  json::object o;
  o["id"] = def.id;
  o["input_schema"] = optional_text(def.input_schema);
  o["output_schema"] = optional_text(def.output_schema);
  o["required_models"] = strings(def.required_models);
  o["steps"] = steps(def.steps);
  o["inputs"] = fields(def.inputs);
  return o;
}

json::object to_json(const CompositionDef& def) {
  json::object o;
  o["id"] = def.id;
  o["required_models"] = strings(def.required_models);
  o["steps"] = steps(def.steps);
  o["parameters"] = fields(def.parameters);
  return o;
}

json::object to_json(const NodeDef& def) {
  json::object o;
  o["id"] = def.id;
  o["inputs"] = fields(def.inputs);
  o["outputs"] = fields(def.outputs);
  o["target"] = def.target ? json::value(target_json(*def.target)) : json::value(nullptr);
  o["request"] = def.request ? json::value(request_json(*def.request, /*with_model=*/false))
                             : json::value(nullptr);
  return o;
}

json::object to_json(const ModelDef& def) {
  json::object o;
  o["id"] = def.id;
  o["capabilities"] = strings(def.capabilities);
  o["preferred_format"] = optional_text(def.preferred_format);
  o["params"] = def.params;
  return o;
}

json::object to_json(const Definition& definition) {
  return std::visit([](const auto& def) { return to_json(def); }, definition);
}

json::object to_json(const ParsedAsset& asset) {
  json::object o;
  o["meta"] = to_json(asset.meta);
  o["definition"] = to_json(asset.definition);
  return o;
}

json::object to_json(const AssetRecord& record) {
  json::object o;
  o["meta"] = to_json(record.meta);
  o["source_path"] = record.source_path;
  o["builtin"] = record.builtin;
  o["shadows_builtin"] = record.shadows_builtin;
  return o;
}

json::object to_json(const Problem& problem) {
  json::object o;
  o["path"] = problem.path;
  o["line"] = problem.line > 0 ? json::value(problem.line) : json::value(nullptr);
  o["col"] = problem.col > 0 ? json::value(problem.col) : json::value(nullptr);
  o["message"] = problem.message;
  return o;
}

json::object to_json(const AssetListing& listing) {
  json::array assets;
  assets.reserve(listing.assets.size());
  for (const auto& r : listing.assets) {
    assets.emplace_back(to_json(r));
  }
  json::array problems;
  for (const auto& p : listing.problems) {
    problems.emplace_back(to_json(p));
  }
  json::object o;
  o["assets"] = std::move(assets);
  o["problems"] = std::move(problems);
  return o;
}

}  // namespace lf::assets
