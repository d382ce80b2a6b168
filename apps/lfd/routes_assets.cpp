// /health, /assets, the reference's per-kind asset lists, /ctx/abi, and
// authoring: an asset's source with its ETag, a conditional PUT of a new
// source, and validation of a proposed text.

#include "routes.hpp"

namespace lf::lfd {
namespace {

// An ETag is the asset's source_hash, quoted.
// Appended piece by piece: GCC 12 reports a false -Wrestrict for the
// operator+ chain in optimised builds.
std::string etag_of(std::string_view hash) {
  std::string etag;
  etag.reserve(hash.size() + 2);
  etag += '"';
  etag += hash;
  etag += '"';
  return etag;
}

// The hash an If-Match names: quotes and a weak prefix removed.
std::string hash_of_etag(std::string_view etag) {
  if (etag.starts_with("W/")) {
    etag.remove_prefix(2);
  }
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

// A string member of a JSON object body, or std::nullopt when absent.
Result<std::optional<std::string>> text_member(const boost::json::value& body, const char* name) {
  const auto* object = body.if_object();
  if (object == nullptr) {
    return fail(Code::invalid_argument, "the request body must be a JSON object");
  }
  const auto* value = object->if_contains(name);
  if (value == nullptr || value->is_null()) {
    return std::optional<std::string>();
  }
  if (!value->is_string()) {
    return fail(Code::invalid_argument, std::string(name) + " must be a string");
  }
  return std::optional(std::string(value->get_string()));
}

// Whether `result` holds a value; else answers its error.
template <typename Value>
bool ok_or_fail(const Call& call, const Result<Value>& result) {
  if (!result) {
    call.fail(result.error());
  }
  return static_cast<bool>(result);
}

void get_source(const std::shared_ptr<Call>& call) {
  auto source = call->service().assets_source(call->param("asset_id"));
  if (!ok_or_fail(*call, source)) {
    return;
  }
  Response response = json_response(http::status::ok, core::to_json(*source));
  response.set(http::field::etag, etag_of(source->source_hash));
  call->respond(std::move(response));
}

// PUT /assets/{id}/source {kind?, source}: If-Match names the hash of the
// file being replaced; without it the asset must be new. 412 when the file
// changed, 422 (and the file kept) when the text does not validate.
void put_source(const std::shared_ptr<Call>& call) {
  auto body = call->json_body();
  if (!ok_or_fail(*call, body)) {
    return;
  }
  auto kind = text_member(*body, "kind");
  auto source = text_member(*body, "source");
  if (!ok_or_fail(*call, kind) || !ok_or_fail(*call, source)) {
    return;
  }
  if (!*source) {
    return call->fail(Error{Code::invalid_argument, "source is required"});
  }
  core::AssetWriteRequest request;
  request.id = call->param("asset_id");
  request.source = std::move(**source);
  const std::string_view if_match = call->request()[http::field::if_match];
  if (!if_match.empty()) {
    request.expected_hash = hash_of_etag(if_match);
  }
  if (*kind) {
    request.kind = std::move(**kind);
  } else {
    // The kind of the asset being replaced.
    auto current = call->service().assets_source(request.id);
    if (!current) {
      return call->fail(
          Error{Code::invalid_argument, "kind is required for an asset that does not exist yet"});
    }
    request.kind = current->kind;
  }
  auto written = call->service().assets_write(request);
  if (!ok_or_fail(*call, written)) {
    return;
  }
  const http::status status = !written->written  ? http::status::unprocessable_entity
                              : written->created ? http::status::created
                                                 : http::status::ok;
  Response response = json_response(status, core::to_json(*written));
  if (written->source_hash) {
    response.set(http::field::etag, etag_of(*written->source_hash));
  }
  call->respond(std::move(response));
}

// POST /assets/validate {kind, id, source}: the check of a proposed text.
void validate(const std::shared_ptr<Call>& call) {
  auto body = call->json_body();
  if (!ok_or_fail(*call, body)) {
    return;
  }
  core::AssetProposal proposal;
  for (auto [name, field] : {std::pair{"kind", &proposal.kind},
                             std::pair{"id", &proposal.id},
                             std::pair{"source", &proposal.source}}) {
    auto value = text_member(*body, name);
    if (!ok_or_fail(*call, value)) {
      return;
    }
    if (!*value) {
      return call->fail(Error{Code::invalid_argument, std::string(name) + " is required"});
    }
    *field = std::move(**value);
  }
  answer(*call, call->service().assets_validate(proposal));
}

// /health: the Service's report, its status "ok" when every check passes and
// "degraded" otherwise. Still 200 when degraded: lfd itself is up and answers
// what does not need the failing part, and the report says what is wrong.
// Remote clients may reach it (through a reverse proxy), so the paths the
// report names are cut to their last component like every message.
void health(const std::shared_ptr<Call>& call) {
  const core::Health report = call->service().health();
  boost::json::object body = core::to_json(report);
  without_host_paths_in(body);
  body.emplace("status", report.ok ? "ok" : "degraded");
  call->respond(json_response(http::status::ok, body));
}

}  // namespace

void add_asset_routes(Router& router) {
  using http::verb;
  router.add(verb::get, "/health", BodyKind::none, health);
  router.add(verb::get, "/assets", BodyKind::none, [](const auto& call) {
    const auto kind = call->query("kind");
    if (!kind) {
      call->fail(
          Error{Code::invalid_argument,
                "the kind query parameter is required (workflow, node, composition, model)"});
      return;
    }
    answer(*call, call->service().assets_list(*kind));
  });
  for (const char* kind : {"workflows", "nodes", "compositions", "models"}) {
    router.add(verb::get, std::string("/") + kind, BodyKind::none, [kind](const auto& call) {
      answer(*call, call->service().assets_list(kind));
    });
  }
  router.add(verb::get, "/assets/{asset_id}", BodyKind::none, [](const auto& call) {
    answer(*call, call->service().assets_show(call->param("asset_id")));
  });
  router.add(verb::get, "/assets/{asset_id}/source", BodyKind::none, get_source);
  router.add(verb::put, "/assets/{asset_id}/source", BodyKind::json_required, put_source);
  router.add(verb::post, "/assets/validate", BodyKind::json_required, validate);
  router.add(verb::get, "/ctx/abi", BodyKind::none, [](const auto& call) {
    call->respond(json_response(http::status::ok, json_of(call->service().ctx_abi())));
  });
}

}  // namespace lf::lfd
