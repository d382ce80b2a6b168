#pragma once

// The builder chains an asset's define() returns: model(...), node(...),
// composition(...) and workflow(...). Each method returns the changed builder,
// so define() is one expression. Step methods (after, bind, user, ...) apply to
// the most recent step and only compile once a step exists.

#include <utility>

#include <lightflow/asset/checked_text.hpp>
#include <lightflow/asset/field.hpp>
#include <lightflow/asset/meta.hpp>
#include <lightflow/asset/specs.hpp>

namespace lightflow::asset {

/// Builds a model alias.
class ModelBuilder {
 public:
  explicit ModelBuilder(AssetId id) { spec_.id = id.text; }

  /// Something the model can do; call once per capability.
  ModelBuilder capability(Capability value) {
    spec_.capabilities.push_back(value);
    return std::move(*this);
  }

  /// The API format requests to this model should use.
  ModelBuilder preferred_format(FormatName format) {
    spec_.preferred_format = format.text;
    return std::move(*this);
  }

  /// A default request parameter ("temperature", 0.2).
  template <detail::constant_like V>
  ModelBuilder param(FieldName name, V value) {
    detail::set_named(spec_.params, name.text, detail::constant(value));
    return std::move(*this);
  }

  const ModelSpec& spec() const { return spec_; }

 private:
  ModelSpec spec_;
};

/// Builds a node: ports, target and request template.
class NodeBuilder {
 public:
  explicit NodeBuilder(AssetId id) { spec_.id = id.text; }

  /// An input port; templates read it as {{inputs.<name>}}.
  template <FieldType T>
  NodeBuilder input(const Field<T>& field) {
    spec_.inputs.push_back(field.spec());
    return std::move(*this);
  }

  /// An output port.
  template <FieldType T>
  NodeBuilder output(const Field<T>& field) {
    spec_.outputs.push_back(field.spec());
    return std::move(*this);
  }

  /// The node runs as a CortexFS API request in `format`.
  NodeBuilder api_target(FormatName format) { return target("api", format.text); }

  /// The node runs as a CortexFS tool call.
  NodeBuilder tool_target(SegmentName tool_id) { return target("tool", tool_id.text); }

  /// The node runs as a message on a CortexFS thread.
  NodeBuilder thread_target(SegmentName thread_id) { return target("thread", thread_id.text); }

  /// The system prompt of the node's request template.
  NodeBuilder system(Template text) {
    spec_.has_request = true;
    spec_.system = text.text;
    return std::move(*this);
  }

  /// The user message of the node's request template.
  NodeBuilder user(Template text) {
    spec_.has_request = true;
    spec_.user = text.text;
    return std::move(*this);
  }

  /// A request parameter of the node's template.
  template <detail::constant_like V>
  NodeBuilder param(FieldName name, V value) {
    spec_.has_request = true;
    detail::set_named(spec_.params, name.text, detail::constant(value));
    return std::move(*this);
  }

  const NodeSpec& spec() const { return spec_; }

 private:
  NodeBuilder target(std::string_view kind, std::string_view value) {
    spec_.target_kind = kind;
    spec_.target_value = value;
    return std::move(*this);
  }

  NodeSpec spec_;
};

/// Builds a workflow (K == Kind::workflow) or a composition
/// (K == Kind::composition). HasStep is true once a step was added.
template <Kind K, bool HasStep>
class Chain {
 public:
  explicit Chain(ChainSpec spec) : spec_(std::move(spec)) {}

  /// Path of the JSON schema of the run inputs, relative to assets/.
  Chain input_schema(std::string_view path) requires(K == Kind::workflow) {
    spec_.input_schema = path;
    return std::move(*this);
  }

  /// Path of the JSON schema of the workflow's output, relative to assets/.
  Chain output_schema(std::string_view path) requires(K == Kind::workflow) {
    spec_.output_schema = path;
    return std::move(*this);
  }

  /// A run input; templates read it as {{inputs.<name>}}.
  template <FieldType T>
  Chain input(const Field<T>& field) requires(K == Kind::workflow) {
    spec_.fields.push_back(field.spec());
    return std::move(*this);
  }

  /// A composition parameter; its templates read it as {{inputs.<name>}}.
  template <FieldType T>
  Chain parameter(const Field<T>& field) requires(K == Kind::composition) {
    spec_.fields.push_back(field.spec());
    return std::move(*this);
  }

  /// A model alias the steps use; it must exist as a model asset.
  Chain required_model(AssetId alias) {
    spec_.required_models.push_back(alias.text);
    return std::move(*this);
  }

  /// A step that sends an API request through node `node_id`.
  Chain<K, true> api_step(StepName step_id, AssetId node_id, FormatName format) {
    return add_step(step_id, node_id, "api", format.text);
  }

  /// A step that calls a CortexFS tool through node `node_id`.
  Chain<K, true> tool_step(StepName step_id, AssetId node_id, SegmentName tool_id) {
    return add_step(step_id, node_id, "tool", tool_id.text);
  }

  /// A step that posts to a CortexFS thread through node `node_id`.
  Chain<K, true> thread_step(StepName step_id, AssetId node_id, SegmentName thread_id) {
    return add_step(step_id, node_id, "thread", thread_id.text);
  }

  /// A step that runs composition `composition_id`; workflows only.
  Chain<K, true> composition_step(StepName step_id,
                                  AssetId composition_id) requires(K == Kind::workflow) {
    return add_step(step_id, composition_id, "composition", "");
  }

  /// The last step runs after the named earlier steps.
  Chain after(StepName a) requires HasStep {
    last().depends_on.push_back(a.text);
    return std::move(*this);
  }

  Chain after(StepName a, StepName b) requires HasStep { return after(a).after(b); }

  Chain after(StepName a, StepName b, StepName c) requires HasStep {
    return after(a).after(b).after(c);
  }

  Chain after(StepName a, StepName b, StepName c, StepName d) requires HasStep {
    return after(a).after(b).after(c).after(d);
  }

  /// The last step's attempts time out after `seconds` (1 to 86400) without an answer.
  Chain timeout_seconds(detail::PolicyNumber<1, 86400> seconds) requires HasStep {
    last().timeout_seconds = seconds.value;
    return std::move(*this);
  }

  /// A failed attempt of the last step is tried again up to `count` (0 to 10) times,
  /// with a doubling backoff.
  Chain retries(detail::PolicyNumber<0, 10> count) requires HasStep {
    last().retries = count.value;
    return std::move(*this);
  }

  /// The reference's template: one user message taken from run input `field`.
  Chain openai_chat_input(AssetId model_alias, FieldName field) requires HasStep {
    RequestSpec request;
    request.kind = "openai_chat_prompt";
    request.model_alias = model_alias.text;
    request.input_field = field.text;
    last().request = std::move(request);
    return std::move(*this);
  }

  /// The last step sends an openai.chat request to `model_alias`.
  Chain openai_chat(AssetId model_alias) requires HasStep {
    detail::chat_request(last()).model_alias = model_alias.text;
    return std::move(*this);
  }

  /// The system prompt of the last step (replaces the node's).
  Chain system(Template text) requires HasStep {
    detail::chat_request(last()).system = text.text;
    return std::move(*this);
  }

  /// The user message of the last step (replaces the node's).
  Chain user(Template text) requires HasStep {
    detail::chat_request(last()).user = text.text;
    return std::move(*this);
  }

  /// A request parameter of the last step (over the model's defaults).
  template <detail::constant_like V>
  Chain param(FieldName name, V value) requires HasStep {
    detail::set_named(detail::chat_request(last()).params, name.text, detail::constant(value));
    return std::move(*this);
  }

  /// Binds a node input port (or composition parameter) of the last step to a template.
  Chain bind(FieldName port, Template text) requires HasStep {
    detail::set_named(last().bindings, port.text, Value(text.text));
    return std::move(*this);
  }

  /// Binds a port of the last step to a constant number or boolean.
  template <typename V>
  requires(std::integral<V> || std::floating_point<V>) Chain bind(FieldName port, V value)
  requires HasStep {
    detail::set_named(last().bindings, port.text, detail::constant(value));
    return std::move(*this);
  }

  const ChainSpec& spec() const { return spec_; }

 private:
  Chain<K, true> add_step(StepName step_id,
                          AssetId callable,
                          std::string_view kind,
                          std::string_view value) {
    StepSpec step;
    step.step_id = step_id.text;
    step.callable_id = callable.text;
    step.target_kind = kind;
    step.target_value = value;
    spec_.steps.push_back(std::move(step));
    return Chain<K, true>(std::move(spec_));
  }

  StepSpec& last() { return spec_.steps.back(); }

  ChainSpec spec_;
};

/// Starts a model definition; pass META.id.
inline ModelBuilder model(AssetId id) {
  return ModelBuilder(id);
}

/// Starts a node definition; pass META.id.
inline NodeBuilder node(AssetId id) {
  return NodeBuilder(id);
}

/// Starts a composition definition; pass META.id.
inline Chain<Kind::composition, false> composition(AssetId id) {
  ChainSpec spec;
  spec.id = id.text;
  return Chain<Kind::composition, false>(std::move(spec));
}

/// Starts a workflow definition; pass META.id.
inline Chain<Kind::workflow, false> workflow(AssetId id) {
  ChainSpec spec;
  spec.id = id.text;
  return Chain<Kind::workflow, false>(std::move(spec));
}

}  // namespace lightflow::asset
