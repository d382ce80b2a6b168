#include <lightflow/cortex/route_view.hpp>

#include "optional_file.hpp"

namespace lf::cortex {

Result<std::optional<RouteView>> read_route(const ctxabi::Layout& layout,
                                            ctxabi::ApiFormat format) {
  const std::filesystem::path dir = layout.route_dir(format);
  RouteView view;
  std::string* fields[] = {&view.provider, &view.model, &view.reason};
  const char* names[] = {"provider", "model", "reason"};
  for (std::size_t i = 0; i < 3; ++i) {
    auto value = detail::read_optional_file(dir / names[i]);
    if (!value) {
      return fail(std::move(value).error());
    }
    if (!*value) {
      return std::optional<RouteView>();
    }
    *fields[i] = detail::trimmed(std::move(**value));
  }
  return std::optional<RouteView>(std::move(view));
}

}  // namespace lf::cortex
