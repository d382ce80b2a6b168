// /health, /assets, the reference's per-kind asset lists, and /ctx/abi.

#include "routes.hpp"

namespace lf::lfd {

void add_asset_routes(Router& router) {
  using http::verb;
  router.add(verb::get, "/health", BodyKind::none, [](const auto& call) {
    call->respond(json_response(http::status::ok, boost::json::object{{"status", "ok"}}));
  });
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
  router.add(verb::get, "/ctx/abi", BodyKind::none, [](const auto& call) {
    call->respond(json_response(http::status::ok, call->service().ctx_abi()));
  });
}

}  // namespace lf::lfd
