#pragma once

// The route CortexFS would choose now for an API format, as its
// home/<uid>/route/<format>/{provider,model,reason} files show it. Read before a
// commit, it tells which provider and model a request will reach (the cache
// key needs it); the route.json written at commit time says what was chosen.
// Thread-safety: reads files only.

#include <optional>
#include <string>

#include <lightflow/base/result.hpp>
#include <lightflow/ctxabi/layout.hpp>

namespace lf::cortex {

struct RouteView {
  std::string provider;
  std::string model;
  std::string reason;
};

/// The current route for `format`, or std::nullopt when the tree has no route
/// files for it (an ordinary directory standing in for CortexFS).
/// Errors: io_error for read failures other than "does not exist".
Result<std::optional<RouteView>> read_route(const ctxabi::Layout& layout, ctxabi::ApiFormat format);

}  // namespace lf::cortex
