// Reads the builder chains of nodes and models, and the root call every
// chain starts with.

#include <string>
#include <vector>

#include "interpreters.hpp"
#include "reader_support.hpp"
#include "syntax_error.hpp"

namespace lf::assets::detail {
namespace {

RequestTemplate& node_request(NodeDef& node) {
  if (!node.request) {
    node.request = RequestTemplate{};
    node.request->kind = "openai_chat";
  }
  return *node.request;
}

void set_target(NodeDef& node, const ChainCall& call, TargetKind kind) {
  expect_args(call, 1);
  node.target = StepTarget{
      kind,
      text_arg(call.arg(0), kind == TargetKind::api ? NameRule::api_format : NameRule::segment)};
}

void apply_node_call(NodeDef& node, const ChainCall& call) {
  const std::string& m = call.name();
  if (m == "input" || m == "output") {
    expect_args(call, 1);
    (m == "input" ? node.inputs : node.outputs).push_back(field_arg(call.arg(0)));
  } else if (m == "api_target") {
    set_target(node, call, TargetKind::api);
  } else if (m == "tool_target") {
    set_target(node, call, TargetKind::tool);
  } else if (m == "thread_target") {
    set_target(node, call, TargetKind::thread);
  } else if (m == "system" || m == "user") {
    expect_args(call, 1);
    RequestTemplate& r = node_request(node);
    (m == "system" ? r.system : r.user) = text_arg(call.arg(0), NameRule::template_text);
  } else if (m == "param") {
    expect_args(call, 2);
    node_request(node).params[text_arg(call.arg(0), NameRule::field)] = constant_arg(call.arg(1));
  } else {
    unknown_method(call,
                   "node",
                   {"input",
                    "output",
                    "api_target",
                    "tool_target",
                    "thread_target",
                    "system",
                    "user",
                    "param"});
  }
}

std::string capability_value(const Expr& e) {
  const auto colon = e.text.rfind("::");
  const std::string_view type = colon == std::string::npos
                                    ? std::string_view()
                                    : last_segment(std::string_view(e.text).substr(0, colon));
  const std::string value = colon == std::string::npos ? std::string() : e.text.substr(colon + 2);
  if (e.kind != Expr::Kind::name || type != "Capability"
      || !(value == "chat" || value == "responses" || value == "embedding" || value == "vision"
           || value == "tools" || value == "json_output")) {
    syntax_error(e.offset,
                 "expected Capability::chat, responses, embedding, vision, tools or json_output");
  }
  return value;
}

void apply_model_call(ModelDef& model, const ChainCall& call) {
  const std::string& m = call.name();
  if (m == "capability") {
    expect_args(call, 1);
    model.capabilities.push_back(capability_value(call.arg(0)));
  } else if (m == "preferred_format") {
    expect_args(call, 1);
    model.preferred_format = text_arg(call.arg(0), NameRule::api_format);
  } else if (m == "param") {
    expect_args(call, 2);
    model.params[text_arg(call.arg(0), NameRule::field)] = constant_arg(call.arg(1));
  } else {
    unknown_method(call, "model", {"capability", "preferred_format", "param"});
  }
}

}  // namespace

const Expr& read_root(const Expr& chain,
                      std::string_view builder,
                      const AssetMeta& meta,
                      std::vector<ChainCall>& calls) {
  const Expr& root = flatten_chain(chain, calls);
  const std::string_view fn = last_segment(root.text);
  if (fn != builder) {
    syntax_error(root.offset,
                 "a " + std::string(to_string(meta.kind)) + " asset's define() must start with "
                     + std::string(builder) + "(META.id), found " + root.text + "(...)");
  }
  if (root.children.size() != 1) {
    syntax_error(root.offset, std::string(builder) + "() takes 1 argument: META.id");
  }
  const Expr& id = root.children[0];
  const bool is_meta_id = id.kind == Expr::Kind::member && id.text == "id"
                          && id.children[0].kind == Expr::Kind::name
                          && last_segment(id.children[0].text) == "META";
  if (!is_meta_id) {
    const std::string literal = text_arg(id, NameRule::asset_id);
    if (literal != meta.id) {
      syntax_error(id.offset, "define() id " + literal + " does not match META id " + meta.id);
    }
  }
  return root;
}

NodeDef read_node_chain(const Expr& chain, const AssetMeta& meta) {
  std::vector<ChainCall> calls;
  read_root(chain, "node", meta, calls);
  NodeDef node;
  node.id = meta.id;
  for (const ChainCall& call : calls) {
    apply_node_call(node, call);
  }
  return node;
}

ModelDef read_model_chain(const Expr& chain, const AssetMeta& meta) {
  std::vector<ChainCall> calls;
  read_root(chain, "model", meta, calls);
  ModelDef model;
  model.id = meta.id;
  for (const ChainCall& call : calls) {
    apply_model_call(model, call);
  }
  return model;
}

}  // namespace lf::assets::detail
