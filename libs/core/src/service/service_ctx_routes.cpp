// Service::ctx_routes: the providers and routes the CortexFS tree shows.

#include <sstream>

#include <boost/json/array.hpp>

#include <lightflow/base/text_file.hpp>
#include <lightflow/core/ctx_routes.hpp>
#include <lightflow/core/service.hpp>
#include <lightflow/cortex/route_view.hpp>
#include <lightflow/ctxabi/api_format.hpp>

namespace lf::core {

boost::json::object to_json(const CtxRoutes& routes) {
  boost::json::array providers;
  for (const std::string& provider : routes.providers) {
    providers.emplace_back(provider);
  }
  boost::json::array formats;
  for (const CtxRoute& route : routes.routes) {
    formats.emplace_back(boost::json::object{{"format", route.format},
                                             {"provider", route.provider},
                                             {"model", route.model},
                                             {"reason", route.reason}});
  }
  return {{"mount", routes.mount},
          {"mounted", routes.mounted},
          {"providers", std::move(providers)},
          {"routes", std::move(formats)}};
}

Result<CtxRoutes> Service::ctx_routes() const {
  CtxRoutes routes;
  routes.mount = config_.ctx.mount().string();
  // An ordinary directory standing in for CortexFS has no provider list: that
  // is an answer (mounted false), not an error.
  if (auto list = base::read_text_file(config_.ctx.mount() / "provider" / "list")) {
    routes.mounted = true;
    std::istringstream lines(*list);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) {
        routes.providers.push_back(line);
      }
    }
  } else if (list.error().code != Code::not_found) {
    return fail(list.error());
  }
  for (const ctxabi::ApiFormat format : ctxabi::kApiFormats) {
    auto route = cortex::read_route(config_.ctx, format);
    if (!route) {
      return fail(route.error());
    }
    if (*route) {
      routes.routes.push_back(CtxRoute{std::string(ctxabi::to_string(format)),
                                       (*route)->provider,
                                       (*route)->model,
                                       (*route)->reason});
    }
  }
  return routes;
}

}  // namespace lf::core
