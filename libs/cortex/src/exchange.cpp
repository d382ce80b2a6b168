#include <string>

#include <boost/json.hpp>

#include <lightflow/cortex/exchange.hpp>
#include <lightflow/ctxabi/file_names.hpp>
#include <lightflow/ctxabi/ids.hpp>

namespace lf::cortex {
namespace {

std::filesystem::path with_suffix(const std::filesystem::path& dir,
                                  std::string_view id,
                                  std::string_view suffix) {
  std::string name(id);
  name += suffix;
  return dir / name;
}

std::string_view target_key(TargetKind kind) {
  switch (kind) {
    case TargetKind::api:
      return "format";
    case TargetKind::tool:
      return "tool_id";
    case TargetKind::thread:
      return "thread_id";
  }
  return "format";
}

}  // namespace

std::string_view to_string(TargetKind kind) noexcept {
  switch (kind) {
    case TargetKind::api:
      return "api";
    case TargetKind::tool:
      return "tool";
    case TargetKind::thread:
      return "thread";
  }
  return "api";
}

Result<Target> api_target(std::string_view format) {
  auto parsed = ctxabi::parse_api_format(format);
  if (!parsed) {
    return fail(std::move(parsed).error());
  }
  return Target{TargetKind::api, std::string(format)};
}

Result<Target> tool_target(std::string_view tool_id) {
  if (auto ok = ctxabi::validate_segment(ctxabi::IdKind::tool_id, tool_id); !ok) {
    return fail(std::move(ok).error());
  }
  return Target{TargetKind::tool, std::string(tool_id)};
}

Result<Target> thread_target(std::string_view thread_id) {
  if (auto ok = ctxabi::validate_segment(ctxabi::IdKind::thread_id, thread_id); !ok) {
    return fail(std::move(ok).error());
  }
  return Target{TargetKind::thread, std::string(thread_id)};
}

Result<Exchange> plan_exchange(const ctxabi::Layout& layout,
                               const Target& target,
                               std::string_view request_id) {
  if (auto ok = ctxabi::validate_segment(ctxabi::IdKind::request_id, request_id); !ok) {
    return fail(std::move(ok).error());
  }
  Exchange exchange;
  exchange.target = target;
  exchange.request_id = std::string(request_id);
  switch (target.kind) {
    case TargetKind::api: {
      auto format = ctxabi::parse_api_format(target.name);
      if (!format) {
        return fail(std::move(format).error());
      }
      exchange.inbox_dir = layout.api_inbox(*format);
      exchange.outbox_dir = layout.api_outbox(*format);
      break;
    }
    case TargetKind::tool:
      exchange.inbox_dir = layout.tool_inbox(target.name);
      exchange.outbox_dir = layout.tool_outbox(target.name);
      break;
    case TargetKind::thread:
      // Threads answer into their inbox; CortexFS has no separate thread outbox.
      exchange.inbox_dir = layout.thread_inbox(target.name);
      exchange.outbox_dir = exchange.inbox_dir;
      break;
  }
  exchange.staged_request = with_suffix(exchange.inbox_dir, request_id, ctxabi::kStagedSuffix);
  exchange.commit_request = with_suffix(exchange.inbox_dir, request_id, ctxabi::kRequestSuffix);
  exchange.response = with_suffix(exchange.outbox_dir, request_id, ctxabi::kResponseSuffix);
  exchange.error = with_suffix(exchange.outbox_dir, request_id, ctxabi::kErrorSuffix);
  exchange.fingerprint = with_suffix(exchange.outbox_dir, request_id, ctxabi::kFingerprintSuffix);
  exchange.wait = with_suffix(exchange.outbox_dir, request_id, ctxabi::kWaitSuffix);
  if (target.kind == TargetKind::api) {
    exchange.route_metadata = with_suffix(exchange.outbox_dir, request_id, ctxabi::kRouteSuffix);
  }
  return exchange;
}

boost::json::object to_json(const Target& target, boost::json::storage_ptr storage) {
  return boost::json::object(
      {
          {"kind", to_string(target.kind)},
          {target_key(target.kind), target.name},
      },
      std::move(storage));
}

Result<Target> target_from_json(const boost::json::value& json) {
  const boost::json::object* object = json.if_object();
  const boost::json::value* kind = object ? object->if_contains("kind") : nullptr;
  if (kind == nullptr || !kind->is_string()) {
    return fail(Code::invalid_argument, "target: expected an object with a string \"kind\"");
  }
  for (TargetKind candidate : {TargetKind::api, TargetKind::tool, TargetKind::thread}) {
    if (kind->get_string() != to_string(candidate)) {
      continue;
    }
    const boost::json::value* name = object->if_contains(target_key(candidate));
    if (name == nullptr || !name->is_string()) {
      return fail(Code::invalid_argument,
                  "target: missing string \"" + std::string(target_key(candidate)) + "\"");
    }
    const std::string_view text = name->get_string();
    switch (candidate) {
      case TargetKind::api:
        return api_target(text);
      case TargetKind::tool:
        return tool_target(text);
      case TargetKind::thread:
        return thread_target(text);
    }
  }
  return fail(Code::invalid_argument,
              "target: unknown kind " + std::string(kind->get_string())
                  + " (expected api, tool or thread)");
}

boost::json::object to_json(const Exchange& exchange, boost::json::storage_ptr storage) {
  boost::json::object json(storage);
  json.reserve(11);  // the keys below: no rehash while they are added
  json["target"] = to_json(exchange.target, storage);
  json["request_id"] = exchange.request_id;
  json["inbox_dir"] = exchange.inbox_dir.string();
  json["outbox_dir"] = exchange.outbox_dir.string();
  json["staged_request"] = exchange.staged_request.string();
  json["commit_request"] = exchange.commit_request.string();
  json["response"] = exchange.response.string();
  json["error"] = exchange.error.string();
  json["fingerprint"] = exchange.fingerprint.string();
  json["wait"] = exchange.wait.string();
  if (exchange.route_metadata) {
    json["route_metadata"] = exchange.route_metadata->string();
  } else {
    json["route_metadata"] = nullptr;
  }
  return json;
}

}  // namespace lf::cortex
