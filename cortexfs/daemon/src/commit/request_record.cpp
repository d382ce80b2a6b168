#include "commit/request_record.hpp"

#include <boost/json.hpp>

#include <lightflow/ctxabi/file_names.hpp>

namespace lf::ctxfs {
namespace {

namespace json = boost::json;

std::string_view kind_name(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::api:
      return "api";
    case ScopeKind::tool:
      return "tool";
    case ScopeKind::thread:
      return "thread";
  }
  return "api";
}

std::string str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::uint64_t num(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v != nullptr && v->is_uint64()) {
    return v->get_uint64();
  }
  return v != nullptr && v->is_int64() && v->get_int64() >= 0
             ? static_cast<std::uint64_t>(v->get_int64())
             : 0;
}

}  // namespace

std::string request_key(std::uint32_t uid, std::string_view id) {
  std::string key = std::to_string(uid);
  key += '/';
  key += id;
  return key;
}

std::string to_state_json(const RequestRecord& r) {
  json::object o{{"id", r.id},
                 {"seq", r.seq},
                 {"kind", kind_name(r.kind)},
                 {"uid", r.uid},
                 {"format", r.format},
                 {"tool", r.tool},
                 {"body", r.body},
                 {"fingerprint", r.fingerprint},
                 {"provider", r.provider},
                 {"model", r.model},
                 {"reason", r.reason},
                 {"caller_uid", r.caller.uid},
                 {"caller_gid", r.caller.gid},
                 {"caller_pid", r.caller.pid}};
  return json::serialize(o) + "\n";
}

Result<RequestRecord> parse_state_json(std::string_view text) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return fail(Code::corruption, "request state is not a JSON object");
  }
  const auto& o = v.get_object();
  RequestRecord r;
  r.id = str(o, "id");
  r.seq = num(o, "seq");
  const std::string kind = str(o, "kind");
  r.kind = kind == "tool" ? ScopeKind::tool : kind == "thread" ? ScopeKind::thread : ScopeKind::api;
  r.uid = static_cast<std::uint32_t>(num(o, "uid"));
  r.format = str(o, "format");
  r.tool = str(o, "tool");
  r.body = str(o, "body");
  r.fingerprint = str(o, "fingerprint");
  r.provider = str(o, "provider");
  r.model = str(o, "model");
  r.reason = str(o, "reason");
  r.caller.uid = static_cast<std::uint32_t>(num(o, "caller_uid"));
  r.caller.gid = static_cast<std::uint32_t>(num(o, "caller_gid"));
  r.caller.pid = static_cast<std::int64_t>(num(o, "caller_pid"));
  if (r.id.empty() || r.format.empty()) {
    return fail(Code::corruption, "request state lacks id or format");
  }
  r.state = RequestState::queued;
  return r;
}

std::string outcome_name(const RequestRecord& record) {
  return record.id + std::string(record.succeeded ? ctxabi::kResponseSuffix : ctxabi::kErrorSuffix);
}

}  // namespace lf::ctxfs
