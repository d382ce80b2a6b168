// Reads the builder chain of a workflow or composition: the same methods, in
// the same meaning, as lightflow::asset::Chain in the authoring header.

#include <string>
#include <vector>

#include "interpreters.hpp"
#include "reader_support.hpp"
#include "syntax_error.hpp"

namespace lf::assets::detail {
namespace {

const std::initializer_list<std::string_view> kWorkflowMethods = {"input_schema",
                                                                  "output_schema",
                                                                  "input",
                                                                  "required_model",
                                                                  "api_step",
                                                                  "tool_step",
                                                                  "thread_step",
                                                                  "composition_step",
                                                                  "after",
                                                                  "timeout_seconds",
                                                                  "retries",
                                                                  "openai_chat_input",
                                                                  "openai_chat",
                                                                  "system",
                                                                  "user",
                                                                  "param",
                                                                  "bind"};

const std::initializer_list<std::string_view> kCompositionMethods = {"parameter",
                                                                     "required_model",
                                                                     "api_step",
                                                                     "tool_step",
                                                                     "thread_step",
                                                                     "after",
                                                                     "timeout_seconds",
                                                                     "retries",
                                                                     "openai_chat_input",
                                                                     "openai_chat",
                                                                     "system",
                                                                     "user",
                                                                     "param",
                                                                     "bind"};

// What the chain builds; the parts a composition does not have stay empty.
struct ChainState {
  AssetKind kind;
  WorkflowDef def;
};

StepDef& last_step(ChainState& s, const ChainCall& call) {
  if (s.def.steps.empty()) {
    syntax_error(call.expr->offset, "." + call.name()
                                        + "() applies to the last step: add a step first with "
                                          "api_step, tool_step, thread_step or composition_step");
  }
  return s.def.steps.back();
}

RequestTemplate& chat_request(StepDef& step) {
  if (!step.request || step.request->kind != "openai_chat") {
    step.request = RequestTemplate{};
    step.request->kind = "openai_chat";
  }
  return *step.request;
}

void add_step(ChainState& s, const ChainCall& call, TargetKind kind) {
  const bool composition = kind == TargetKind::composition;
  expect_args(call, composition ? 2 : 3);
  StepDef step;
  step.step_id = text_arg(call.arg(0), NameRule::step);
  step.node_or_composition_id = text_arg(call.arg(1), NameRule::asset_id);
  step.target.kind = kind;
  if (!composition) {
    step.target.value =
        text_arg(call.arg(2), kind == TargetKind::api ? NameRule::api_format : NameRule::segment);
  }
  s.def.steps.push_back(std::move(step));
}

bool workflow_only(const ChainState& s, const ChainCall& call) {
  if (s.kind != AssetKind::workflow) {
    syntax_error(call.expr->offset, "." + call.name() + "() is available on workflows only");
  }
  return true;
}

// Methods that change the workflow as a whole. Returns false when `call` is not one.
bool apply_definition_call(ChainState& s, const ChainCall& call) {
  const std::string& m = call.name();
  if ((m == "input_schema" || m == "output_schema") && workflow_only(s, call)) {
    expect_args(call, 1);
    (m == "input_schema" ? s.def.input_schema : s.def.output_schema) =
        text_arg(call.arg(0), NameRule::any_text);
  } else if (m == "input" && workflow_only(s, call)) {
    expect_args(call, 1);
    s.def.inputs.push_back(field_arg(call.arg(0)));
  } else if (m == "parameter") {
    if (s.kind != AssetKind::composition) {
      syntax_error(call.expr->offset, ".parameter() is available on compositions only");
    }
    expect_args(call, 1);
    s.def.inputs.push_back(field_arg(call.arg(0)));
  } else if (m == "required_model") {
    expect_args(call, 1);
    s.def.required_models.push_back(text_arg(call.arg(0), NameRule::asset_id));
  } else if (m == "api_step") {
    add_step(s, call, TargetKind::api);
  } else if (m == "tool_step") {
    add_step(s, call, TargetKind::tool);
  } else if (m == "thread_step") {
    add_step(s, call, TargetKind::thread);
  } else if (m == "composition_step" && workflow_only(s, call)) {
    add_step(s, call, TargetKind::composition);
  } else {
    return false;
  }
  return true;
}

void set_named(boost::json::object& object, const std::string& name, boost::json::value value) {
  object[name] = std::move(value);  // boost::json::object replaces in place
}

// Methods that change the last step. Returns false when `call` is not one.
bool apply_step_call(ChainState& s, const ChainCall& call) {
  const std::string& m = call.name();
  if (m == "after") {
    if (call.argc() < 1 || call.argc() > 4) {
      syntax_error(call.expr->offset, ".after() takes 1 to 4 step ids");
    }
    StepDef& step = last_step(s, call);
    for (std::size_t i = 0; i < call.argc(); ++i) {
      step.depends_on.push_back(text_arg(call.arg(i), NameRule::step));
    }
  } else if (m == "timeout_seconds" || m == "retries") {
    expect_args(call, 1);
    const Expr& value = call.arg(0);
    const long long low = m == "retries" ? 0 : 1;
    const long long high = m == "retries" ? 10 : 86400;
    if (value.kind != Expr::Kind::integer || value.integer < low || value.integer > high) {
      syntax_error(value.offset,
                   "." + m + "() takes a whole number from " + std::to_string(low) + " to "
                       + std::to_string(high));
    }
    StepDef& step = last_step(s, call);
    (m == "retries" ? step.retries : step.timeout_seconds) = value.integer;
  } else if (m == "openai_chat_input") {
    expect_args(call, 2);
    StepDef& step = last_step(s, call);
    RequestTemplate r;
    r.kind = "openai_chat_prompt";
    r.model_alias = text_arg(call.arg(0), NameRule::asset_id);
    r.input_field = text_arg(call.arg(1), NameRule::field);
    step.request = std::move(r);
  } else if (m == "openai_chat") {
    expect_args(call, 1);
    chat_request(last_step(s, call)).model_alias = text_arg(call.arg(0), NameRule::asset_id);
  } else if (m == "system" || m == "user") {
    expect_args(call, 1);
    RequestTemplate& r = chat_request(last_step(s, call));
    (m == "system" ? r.system : r.user) = text_arg(call.arg(0), NameRule::template_text);
  } else if (m == "param") {
    expect_args(call, 2);
    RequestTemplate& r = chat_request(last_step(s, call));
    set_named(r.params, text_arg(call.arg(0), NameRule::field), constant_arg(call.arg(1)));
  } else if (m == "bind") {
    expect_args(call, 2);
    StepDef& step = last_step(s, call);
    const std::string port = text_arg(call.arg(0), NameRule::field);
    const Expr& value = call.arg(1);
    set_named(step.bindings,
              port,
              value.kind == Expr::Kind::string
                  ? boost::json::value(text_arg(value, NameRule::template_text))
                  : constant_arg(value));
  } else {
    return false;
  }
  return true;
}

WorkflowDef read_chain(const Expr& chain, AssetKind kind, const AssetMeta& meta) {
  std::vector<ChainCall> calls;
  const bool workflow = kind == AssetKind::workflow;
  read_root(chain, workflow ? "workflow" : "composition", meta, calls);
  ChainState s{kind, {}};
  s.def.id = meta.id;
  for (const ChainCall& call : calls) {
    if (!apply_definition_call(s, call) && !apply_step_call(s, call)) {
      unknown_method(call,
                     workflow ? "workflow" : "composition",
                     workflow ? kWorkflowMethods : kCompositionMethods);
    }
  }
  return std::move(s.def);
}

}  // namespace

WorkflowDef read_workflow_chain(const Expr& chain, const AssetMeta& meta) {
  return read_chain(chain, AssetKind::workflow, meta);
}

CompositionDef read_composition_chain(const Expr& chain, const AssetMeta& meta) {
  WorkflowDef def = read_chain(chain, AssetKind::composition, meta);
  CompositionDef out;
  out.id = std::move(def.id);
  out.parameters = std::move(def.inputs);
  out.required_models = std::move(def.required_models);
  out.steps = std::move(def.steps);
  return out;
}

}  // namespace lf::assets::detail
