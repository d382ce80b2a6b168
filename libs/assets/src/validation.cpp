#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include <boost/json/serialize.hpp>

#include <lightflow/assets/placeholders.hpp>
#include <lightflow/assets/validation.hpp>
#include <lightflow/ctxabi/api_format.hpp>
#include <lightflow/ctxabi/ids.hpp>

#include "name_rules.hpp"

namespace lf::assets {
namespace {

// What the checks need to know about the workflow or composition.
struct Scope {
  std::string label;  ///< "workflow x" or "composition y"
  const std::vector<FieldDef>* inputs;
  const std::vector<std::string>* required_models;
  const std::vector<StepDef>* steps;
  const AssetCatalog* catalog;
  std::vector<std::string> issues;

  std::unordered_map<std::string_view, const StepDef*> by_id;  ///< first step of each id

  void add(const StepDef& step, const std::string& message) {
    issues.push_back(label + " step " + step.step_id + ": " + message);
  }

  // Workflows run to thousands of steps; a linear search per dependency made
  // validation quadratic.
  const StepDef* find(std::string_view step_id) const {
    const auto found = by_id.find(step_id);
    return found == by_id.end() ? nullptr : found->second;
  }
};

// Every step `step` depends on, directly or transitively (only earlier steps count).
std::set<std::string> ancestors(const Scope& s, std::size_t index) {
  std::set<std::string> out;
  std::vector<std::string> pending((*s.steps)[index].depends_on);
  while (!pending.empty()) {
    const std::string id = pending.back();
    pending.pop_back();
    const StepDef* dep = s.find(id);
    if (dep != nullptr && out.insert(id).second) {
      pending.insert(pending.end(), dep->depends_on.begin(), dep->depends_on.end());
    }
  }
  return out;
}

// A step's ancestors, computed the first time a template asks: most steps
// read no earlier step, and the set costs a walk up the whole chain.
class LazyAncestors {
 public:
  LazyAncestors(const Scope& s, std::size_t index) : scope_(s), index_(index) {}

  bool contains(const std::string& step_id) const {
    if (!set_) {
      set_ = ancestors(scope_, index_);
    }
    return set_->count(step_id) != 0;
  }

 private:
  const Scope& scope_;
  std::size_t index_;
  mutable std::optional<std::set<std::string>> set_;
};

void check_template(Scope& s,
                    const StepDef& step,
                    const LazyAncestors& deps,
                    const std::string& text) {
  auto placeholders = parse_placeholders(text);
  if (!placeholders) {
    s.add(step, placeholders.error().message);
    return;
  }
  for (const Placeholder& p : *placeholders) {
    const std::string spelled = text.substr(p.offset, p.length);
    if (p.source == Placeholder::Source::input) {
      if (find_field(*s.inputs, p.name) == nullptr) {
        s.add(step, spelled + " names input " + p.name + ", which is not declared");
      }
    } else if (s.find(p.name) == nullptr) {
      s.add(step, spelled + " names unknown step " + p.name);
    } else if (!deps.contains(p.name)) {
      s.add(step,
            spelled + " reads step " + p.name
                + ", which this step does not depend on (add .after(\"" + p.name + "\"))");
    }
  }
}

void check_target(Scope& s, const StepDef& step) {
  const StepTarget& t = step.target;
  if (t.kind == TargetKind::api) {
    auto format = ctxabi::parse_api_format(t.value);
    if (!format) {
      s.add(step, format.error().message);
    }
  } else if (t.kind != TargetKind::composition) {
    auto ok = ctxabi::validate_segment(
        t.kind == TargetKind::tool ? ctxabi::IdKind::tool_id : ctxabi::IdKind::thread_id, t.value);
    if (!ok) {
      s.add(step, ok.error().message);
    }
  }
}

// The callable exists, has the right kind, agrees on the target, and its ports fit the bindings.
void check_callable(Scope& s, const StepDef& step) {
  const std::string& id = step.node_or_composition_id;
  const auto& fields_of = [&]() -> const std::vector<FieldDef>* {
    if (step.target.kind == TargetKind::composition) {
      const CatalogEntry* c = s.catalog->find(id, AssetKind::composition);
      return c ? &std::get<CompositionDef>(c->asset.definition).parameters : nullptr;
    }
    const CatalogEntry* n = s.catalog->find(id, AssetKind::node);
    return n ? &std::get<NodeDef>(n->asset.definition).inputs : nullptr;
  };
  const std::vector<FieldDef>* ports = fields_of();
  if (ports == nullptr) {
    const bool is_composition = s.catalog->find(id, AssetKind::composition) != nullptr;
    if (is_composition && step.target.kind != TargetKind::composition) {
      s.add(
          step,
          id + " is a composition: use composition_step(\"" + step.step_id + "\", \"" + id + "\")");
    } else {
      s.issues.push_back(
          s.label + " step " + step.step_id + " references missing "
          + (step.target.kind == TargetKind::composition ? "composition" : "node or composition")
          + " asset " + id);
    }
    return;
  }
  if (step.target.kind != TargetKind::composition) {
    const auto& node = std::get<NodeDef>(s.catalog->find(id, AssetKind::node)->asset.definition);
    if (node.target
        && (node.target->kind != step.target.kind || node.target->value != step.target.value)) {
      s.add(step,
            "targets " + std::string(to_string(step.target.kind)) + " " + step.target.value
                + " but node " + id + " runs as " + std::string(to_string(node.target->kind)) + " "
                + node.target->value);
    }
  }
  for (const auto& [port, value] : step.bindings) {
    if (find_field(*ports, port) == nullptr) {
      s.add(step, "binds unknown port " + std::string(port) + " of " + id);
    }
  }
  const bool own_user =
      step.request && (step.request->user || step.request->kind == "openai_chat_prompt");
  for (const FieldDef& f : *ports) {
    if (f.required && !f.default_value && !step.bindings.contains(f.name) && !own_user) {
      s.add(step,
            "leaves required port " + f.name + " of " + id + " unbound (add .bind(\"" + f.name
                + "\", ...))");
    }
  }
}

void check_request(Scope& s, const StepDef& step, const LazyAncestors& deps) {
  const RequestTemplate& r = *step.request;
  if (step.target.kind != TargetKind::api || step.target.value != "openai.chat") {
    s.issues.push_back("request template for step " + step.step_id
                       + " requires an openai.chat API target");
  }
  if (!r.model_alias) {
    s.add(step, "request template has no model alias (call .openai_chat(\"<model alias>\"))");
  } else if (std::find(s.required_models->begin(), s.required_models->end(), *r.model_alias)
             == s.required_models->end()) {
    s.issues.push_back("request template model alias " + *r.model_alias
                       + " is not listed in required_models");
  }
  if (r.kind == "openai_chat_prompt" && find_field(*s.inputs, r.input_field) == nullptr) {
    s.add(step, "request template reads run input " + r.input_field + ", which is not declared");
  }
  for (const auto* text : {&r.system, &r.user}) {
    if (*text) {
      check_template(s, step, deps, **text);
    }
  }
}

// A composition step runs the composition's own steps: it has no request of
// its own, and the composition's problems are the workflow's problems too.
void check_composition_step(Scope& s, const StepDef& step) {
  if (step.request) {
    s.add(step, "a composition step takes no request template (set it on the composition's steps)");
  }
  const CatalogEntry* entry = s.catalog->find(step.node_or_composition_id, AssetKind::composition);
  if (entry == nullptr) {
    return;
  }
  const auto& def = std::get<CompositionDef>(entry->asset.definition);
  for (const std::string& issue : composition_issues(def, *s.catalog)) {
    s.add(step, issue);
  }
}

void check_step(Scope& s, std::size_t index, std::set<std::string>& seen) {
  const StepDef& step = (*s.steps)[index];
  if (auto ok = ctxabi::validate_segment(ctxabi::IdKind::step_id, step.step_id); !ok) {
    s.add(step, ok.error().message);
  } else if (!detail::is_step_name(step.step_id)) {
    s.add(step, "a step id must be 1-64 letters, digits, '_' or '-'");
  }
  if (!seen.insert(step.step_id).second) {
    s.issues.push_back(s.label + " has duplicate step id " + step.step_id);
  }
  for (const std::string& dep : step.depends_on) {
    const StepDef* d = s.find(dep);
    if (d == nullptr) {
      s.add(step, "depends on unknown step " + dep);
    } else if (seen.count(dep) == 0 || dep == step.step_id) {
      s.add(step, "depends on " + dep + ", which does not come before it");
    }
  }
  check_target(s, step);
  check_callable(s, step);
  if (step.target.kind == TargetKind::composition) {
    check_composition_step(s, step);
  }
  const LazyAncestors deps(s, index);
  if (step.request) {
    check_request(s, step, deps);
  }
  for (const auto& [port, value] : step.bindings) {
    if (value.is_string()) {
      check_template(s, step, deps, std::string(value.get_string()));
    }
  }
}

// JSON text, with floating numbers in their shortest form (2.5, not 2.5E0).
std::string json_text(const boost::json::value& v) {
  if (v.is_double()) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.get_double());
    if (ec == std::errc()) {
      return std::string(buf, end);
    }
  }
  return boost::json::serialize(v);
}

double number_of(const boost::json::value& v) {
  return v.is_double()  ? v.get_double()
         : v.is_int64() ? static_cast<double>(v.get_int64())
                        : static_cast<double>(v.get_uint64());
}

bool is_number(const boost::json::value& v) {
  return v.is_double() || v.is_int64() || v.is_uint64();
}

}  // namespace

std::vector<std::string> field_issues(const FieldDef& field) {
  std::vector<std::string> issues;
  if (!field.default_value) {
    return issues;
  }
  const boost::json::value& value = *field.default_value;
  if (!field.choices.empty()
      && std::find(field.choices.begin(), field.choices.end(), value) == field.choices.end()) {
    std::string allowed;
    for (const auto& choice : field.choices) {
      allowed += (allowed.empty() ? "" : ", ") + json_text(choice);
    }
    issues.push_back("default " + json_text(value) + " is not one of its choices " + allowed);
  }
  if (is_number(value)) {
    if (field.minimum && is_number(*field.minimum)
        && number_of(value) < number_of(*field.minimum)) {
      issues.push_back("default " + json_text(value) + " is below its minimum "
                       + json_text(*field.minimum));
    }
    if (field.maximum && is_number(*field.maximum)
        && number_of(value) > number_of(*field.maximum)) {
      issues.push_back("default " + json_text(value) + " is above its maximum "
                       + json_text(*field.maximum));
    }
  }
  return issues;
}

namespace {

std::vector<std::string> check_scope(Scope s) {
  for (const std::string& alias : *s.required_models) {
    if (s.catalog->find(alias, AssetKind::model) == nullptr) {
      s.issues.push_back(s.label + " requires missing model asset " + alias);
    }
  }
  std::set<std::string> names;
  for (const FieldDef& f : *s.inputs) {
    if (!names.insert(f.name).second) {
      s.issues.push_back(s.label + " declares input " + f.name + " twice");
    }
    if (f.required && f.default_value) {
      s.issues.push_back(s.label + " input " + f.name
                         + " is required and has a default; choose one");
    }
    for (const std::string& issue : field_issues(f)) {
      s.issues.push_back(s.label + " input " + f.name + ": " + issue);
    }
  }
  s.by_id.reserve(s.steps->size());
  for (const StepDef& step : *s.steps) {
    s.by_id.emplace(step.step_id, &step);
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < s.steps->size(); ++i) {
    check_step(s, i, seen);
  }
  return std::move(s.issues);
}

}  // namespace

std::vector<std::string> workflow_issues(const WorkflowDef& def, const AssetCatalog& catalog) {
  return check_scope(
      Scope{"workflow " + def.id, &def.inputs, &def.required_models, &def.steps, &catalog, {}, {}});
}

std::vector<std::string> composition_issues(const CompositionDef& def,
                                            const AssetCatalog& catalog) {
  return check_scope(Scope{"composition " + def.id,
                           &def.parameters,
                           &def.required_models,
                           &def.steps,
                           &catalog,
                           {},
                           {}});
}

std::vector<std::string> node_issues(const NodeDef& def) {
  std::vector<std::string> issues;
  for (const auto* ports : {&def.inputs, &def.outputs}) {
    for (const FieldDef& f : *ports) {
      for (const std::string& issue : field_issues(f)) {
        issues.push_back("node " + def.id + " port " + f.name + ": " + issue);
      }
    }
  }
  if (!def.request) {
    return issues;
  }
  for (const auto* text : {&def.request->system, &def.request->user}) {
    if (!*text) {
      continue;
    }
    auto placeholders = parse_placeholders(**text);
    if (!placeholders) {
      issues.push_back("node " + def.id + ": " + placeholders.error().message);
      continue;
    }
    for (const Placeholder& p : *placeholders) {
      if (p.source != Placeholder::Source::input) {
        issues.push_back("node " + def.id
                         + ": a node template can only read its own ports ({{inputs.<port>}})");
      } else if (find_field(def.inputs, p.name) == nullptr) {
        issues.push_back("node " + def.id + ": {{inputs." + p.name + "}} names no input port");
      }
    }
  }
  return issues;
}

std::vector<std::string> asset_issues(const ParsedAsset& asset, const AssetCatalog& catalog) {
  const Definition& definition = asset.definition;
  if (const auto* w = std::get_if<WorkflowDef>(&definition)) {
    return workflow_issues(*w, catalog);
  }
  if (const auto* c = std::get_if<CompositionDef>(&definition)) {
    return composition_issues(*c, catalog);
  }
  if (const auto* n = std::get_if<NodeDef>(&definition)) {
    return node_issues(*n);
  }
  return {};
}

}  // namespace lf::assets
