#include <cerrno>
#include <fstream>
#include <sstream>

#include <lightflow/cortex/route_view.hpp>

namespace lf::cortex {
namespace {

// One value per file, trailing newline trimmed; std::nullopt when absent.
Result<std::optional<std::string>> read_value(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return std::optional<std::string>();
    }
    return fail(errno_error(errno, path.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) {
    value.pop_back();
  }
  return std::optional<std::string>(std::move(value));
}

}  // namespace

Result<std::optional<RouteView>> read_route(const ctxabi::Layout& layout,
                                            ctxabi::ApiFormat format) {
  const std::filesystem::path dir = layout.route_dir(format);
  RouteView view;
  std::string* fields[] = {&view.provider, &view.model, &view.reason};
  const char* names[] = {"provider", "model", "reason"};
  for (std::size_t i = 0; i < 3; ++i) {
    auto value = read_value(dir / names[i]);
    if (!value) {
      return fail(std::move(value).error());
    }
    if (!*value) {
      return std::optional<RouteView>();
    }
    *fields[i] = std::move(**value);
  }
  return std::optional<RouteView>(std::move(view));
}

}  // namespace lf::cortex
