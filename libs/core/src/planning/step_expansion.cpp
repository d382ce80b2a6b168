// Flattening a workflow into run steps. Placeholders are rewritten textually
// from the scope they were written in (a composition's parameters, a node's
// ports) into run terms, so that submit renders every step the same way.

#include "planning/step_expansion.hpp"

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include <lightflow/assets/placeholders.hpp>

#include "planning/request_template.hpp"
#include "planning/step_output.hpp"

namespace lf::core {
namespace {

using FieldMap = std::map<std::string, std::string>;

// The scope a template was written in.
struct Scope {
  std::string where;                     // "step draft", for issues
  std::string owner;                     // "node node.llm_prompt", for issues
  const FieldMap* inputs = nullptr;      // null: {{inputs.x}} are run inputs, kept as they are
  std::string step_prefix;               // "review-" inside composition step "review"
  const FieldMap* step_alias = nullptr;  // composition step -> the run step standing for it
  const std::vector<std::string>* required_models = nullptr;
};

// Where a chat step's templates come from.
struct ChatSources {
  const assets::RequestTemplate* step = nullptr;  // the step's own template
  const assets::RequestTemplate* node = nullptr;  // its node's template
  const assets::NodeDef* node_def = nullptr;
};

struct ChatMessages {
  std::optional<std::string> system;
  std::string user;
};

class Expander {
 public:
  Expander(const assets::WorkflowDef& workflow, const PlanCatalog& catalog)
      : workflow_(workflow), catalog_(catalog) {}

  Expansion run();

 private:
  std::string rewrite(const std::string& text, const Scope& scope);
  FieldMap bind_fields(const std::vector<assets::FieldDef>& fields,
                       const boost::json::object& bindings,
                       const Scope& outer);
  boost::json::value chat_body(const assets::StepDef& step, const Scope& scope);
  ChatMessages chat_messages(const assets::StepDef& step,
                             const Scope& scope,
                             const ChatSources& sources);
  void add_params(boost::json::object& body, const Scope& scope, const ChatSources& sources);
  void add_composition(const assets::StepDef& step, const Scope& scope);
  std::vector<std::string> map_dependencies(const std::vector<std::string>& depends_on) const;

  const assets::WorkflowDef& workflow_;
  const PlanCatalog& catalog_;
  Expansion out_;
  FieldMap last_step_of_;  // composition step -> its last run step
  std::map<std::string, std::vector<std::string>> sinks_of_;  // composition step -> run steps
};

std::string Expander::rewrite(const std::string& text, const Scope& scope) {
  using Source = assets::Placeholder::Source;
  auto rendered = assets::render_template(
      text, [&](const assets::Placeholder& placeholder) -> std::optional<std::string> {
        if (placeholder.source == Source::input) {
          if (scope.inputs == nullptr) {
            return placeholder_text(placeholder);
          }
          const auto found = scope.inputs->find(placeholder.name);
          if (found != scope.inputs->end()) {
            return found->second;
          }
          out_.issues.push_back(scope.where + ": " + placeholder_text(placeholder) + " of "
                                + scope.owner + " is neither bound nor defaulted");
          return placeholder_text(placeholder);
        }
        assets::Placeholder renamed = placeholder;
        const auto alias = scope.step_alias == nullptr ? FieldMap::const_iterator()
                                                       : scope.step_alias->find(placeholder.name);
        if (scope.step_alias != nullptr && alias != scope.step_alias->end()) {
          renamed.name = alias->second;
        } else {
          renamed.name = scope.step_prefix + placeholder.name;
        }
        return placeholder_text(renamed);
      });
  if (!rendered) {
    out_.issues.push_back(scope.where + ": " + rendered.error().message);
    return text;
  }
  return std::move(*rendered);
}

FieldMap Expander::bind_fields(const std::vector<assets::FieldDef>& fields,
                               const boost::json::object& bindings,
                               const Scope& outer) {
  FieldMap map;
  for (const auto& field : fields) {
    if (const auto* bound = bindings.if_contains(field.name)) {
      map[field.name] = bound->is_string() ? rewrite(std::string(bound->get_string()), outer)
                                           : template_text(*bound);
    } else if (field.default_value) {
      map[field.name] = template_text(*field.default_value);
    } else if (!field.required) {
      map[field.name] = "";
    }
    // A required field left unbound is reported only if a template reads it
    // (rewrite), so a step that brings its own messages need not bind it.
  }
  // Bindings that name no port are lf::assets' to report (workflow_issues).
  return map;
}

// The system and user messages of a chat step: the step's own templates
// first, else the node's, filled from the step's bindings.
ChatMessages Expander::chat_messages(const assets::StepDef& step,
                                     const Scope& scope,
                                     const ChatSources& sources) {
  FieldMap ports;
  const std::string node_owner = "node " + step.node_or_composition_id;
  Scope node_scope{scope.where, node_owner, &ports, scope.step_prefix, scope.step_alias, nullptr};
  if (sources.node_def != nullptr) {
    ports = bind_fields(sources.node_def->inputs, step.bindings, scope);
  }
  const assets::RequestTemplate* own = sources.step;
  const assets::RequestTemplate* node = sources.node;
  ChatMessages messages;
  // The reference's form is exactly one user message holding one run input.
  if (own != nullptr && own->kind == "openai_chat_prompt") {
    messages.user = rewrite("{{inputs." + own->input_field + "}}", scope);
    return messages;
  }
  if (own != nullptr && own->user) {
    messages.user = rewrite(*own->user, scope);
  } else if (node != nullptr && node->user) {
    messages.user = rewrite(*node->user, node_scope);
  } else {
    out_.issues.push_back(scope.where + ": no user message template (neither the step nor node "
                          + step.node_or_composition_id + " declares one)");
  }
  if (own != nullptr && own->system) {
    messages.system = rewrite(*own->system, scope);
  } else if (node != nullptr && node->system) {
    messages.system = rewrite(*node->system, node_scope);
  }
  return messages;
}

// Parameters in increasing precedence: the model alias's defaults, the node's,
// the step's.
void Expander::add_params(boost::json::object& body,
                          const Scope& scope,
                          const ChatSources& sources) {
  const assets::RequestTemplate* own = sources.step;
  const assets::RequestTemplate* node = sources.node;
  const std::optional<std::string> alias =
      own != nullptr && own->model_alias ? own->model_alias
                                         : (node != nullptr ? node->model_alias : std::nullopt);
  if (alias) {
    const auto& required = *scope.required_models;
    if (std::find(required.begin(), required.end(), *alias) == required.end()) {
      out_.issues.push_back(scope.where + ": model alias " + *alias
                            + " is not listed in required_models");
    }
    if (const auto model = catalog_.models.find(*alias); model != catalog_.models.end()) {
      for (const auto& param : model->second.params) {
        body[param.key()] = param.value();
      }
    }
  }
  for (const auto* source : {node, own}) {
    if (source != nullptr) {
      for (const auto& param : source->params) {
        body[param.key()] = param.value();
      }
    }
  }
}

// The openai.chat body of a step, or null when neither the step nor its node
// declares a request template.
boost::json::value Expander::chat_body(const assets::StepDef& step, const Scope& scope) {
  ChatSources sources;
  sources.step = step.request ? &*step.request : nullptr;
  if (const auto node = catalog_.nodes.find(step.node_or_composition_id);
      node != catalog_.nodes.end()) {
    sources.node_def = &node->second;
    sources.node = node->second.request ? &*node->second.request : nullptr;
  }
  if (sources.step == nullptr && sources.node == nullptr) {
    return nullptr;
  }
  if (step.target.kind != assets::TargetKind::api || step.target.value != "openai.chat") {
    out_.issues.push_back(scope.where
                          + ": a chat request template needs an openai.chat API target");
  }
  const ChatMessages messages = chat_messages(step, scope, sources);
  boost::json::array list;
  if (messages.system && !messages.system->empty()) {
    list.push_back(boost::json::object{{"role", "system"}, {"content", *messages.system}});
  }
  list.push_back(boost::json::object{{"role", "user"}, {"content", messages.user}});
  boost::json::object body;
  body["messages"] = std::move(list);
  add_params(body, scope, sources);
  return body;
}

std::vector<std::string> Expander::map_dependencies(
    const std::vector<std::string>& depends_on) const {
  std::vector<std::string> out;
  for (const auto& id : depends_on) {
    if (const auto sinks = sinks_of_.find(id); sinks != sinks_of_.end()) {
      out.insert(out.end(), sinks->second.begin(), sinks->second.end());
    } else {
      out.push_back(id);
    }
  }
  return out;
}

void Expander::add_composition(const assets::StepDef& step, const Scope& scope) {
  const auto found = catalog_.compositions.find(step.node_or_composition_id);
  if (found == catalog_.compositions.end()) {
    return;  // reported by assets::workflow_issues
  }
  const assets::CompositionDef& composition = found->second;
  const FieldMap parameters = bind_fields(composition.parameters, step.bindings, scope);
  const std::vector<std::string> outer_dependencies = map_dependencies(step.depends_on);
  const std::string prefix = step.step_id + "-";
  std::set<std::string> depended_on;
  for (const auto& inner : composition.steps) {
    Scope inner_scope{"step " + prefix + inner.step_id,
                      "composition " + composition.id,
                      &parameters,
                      prefix,
                      nullptr,
                      &composition.required_models};
    if (inner.target.kind == assets::TargetKind::composition) {
      out_.issues.push_back(inner_scope.where
                            + ": compositions inside compositions are not supported");
      continue;
    }
    ResolvedStep resolved{prefix + inner.step_id,
                          inner.node_or_composition_id,
                          inner.target,
                          {},
                          chat_body(inner, inner_scope),
                          inner.request ? inner.request->model_alias : std::nullopt,
                          inner.timeout_seconds,
                          inner.retries};
    for (const auto& id : inner.depends_on) {
      resolved.depends_on.push_back(prefix + id);
      depended_on.insert(prefix + id);
    }
    if (resolved.depends_on.empty()) {
      resolved.depends_on = outer_dependencies;
    }
    out_.steps.push_back(std::move(resolved));
  }
  if (composition.steps.empty()) {
    out_.issues.push_back(scope.where + ": composition " + composition.id + " has no steps");
    return;
  }
  last_step_of_[step.step_id] = prefix + composition.steps.back().step_id;
  for (const auto& inner : composition.steps) {
    if (depended_on.count(prefix + inner.step_id) == 0) {
      sinks_of_[step.step_id].push_back(prefix + inner.step_id);
    }
  }
}

Expansion Expander::run() {
  for (const auto& step : workflow_.steps) {
    Scope scope{"step " + step.step_id,
                "workflow",
                nullptr,
                "",
                &last_step_of_,
                &workflow_.required_models};
    if (step.target.kind == assets::TargetKind::composition) {
      add_composition(step, scope);
      continue;
    }
    out_.steps.push_back(ResolvedStep{step.step_id,
                                      step.node_or_composition_id,
                                      step.target,
                                      map_dependencies(step.depends_on),
                                      chat_body(step, scope),
                                      step.request ? step.request->model_alias : std::nullopt,
                                      step.timeout_seconds,
                                      step.retries});
  }
  return std::move(out_);
}

}  // namespace

Expansion expand_workflow(const assets::WorkflowDef& workflow, const PlanCatalog& catalog) {
  return Expander(workflow, catalog).run();
}

}  // namespace lf::core
