#pragma once

// What the configured CortexFS tree shows about where requests go: the
// providers it has configured and, for each API format, the route a request
// committed now would take (home/<uid>/route/<format>/{provider,model,reason}).
// The answer an agent needs before running a workflow: which provider and
// model will answer, and why. Thread-safety: plain values.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace lf::core {

/// The route of one API format.
struct CtxRoute {
  std::string format;  ///< "openai.chat", …
  std::string provider;
  std::string model;
  std::string reason;  ///< "ready", "policy_denied", …
};

struct CtxRoutes {
  std::string mount;
  bool mounted = false;                ///< the tree has CortexFS's provider list
  std::vector<std::string> providers;  ///< provider/list, one id per line
  std::vector<CtxRoute> routes;        ///< formats the tree has route files for
};

/// {mount, mounted, providers:[…], routes:[{format, provider, model, reason}]}
boost::json::object to_json(const CtxRoutes& routes);

}  // namespace lf::core
