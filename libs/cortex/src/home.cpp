#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <limits>
#include <string>

#include <lightflow/cortex/home.hpp>

namespace lf::cortex {

Result<std::uint32_t> parse_uid(std::string_view text) {
  std::uint32_t uid = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, uid);
  // (uid_t)-1 means "no uid" to the kernel, so it is not a usable home.
  if (text.empty() || ec != std::errc() || stop != end
      || uid == std::numeric_limits<std::uint32_t>::max()) {
    return fail(Code::invalid_argument,
                "invalid LIGHTFLOW_CTX_UID: " + std::string(text) + " (expected a decimal uid)");
  }
  return uid;
}

Result<ctxabi::Layout> layout_from_environment() {
  std::filesystem::path mount(ctxabi::kDefaultMount);
  if (const char* override_mount = std::getenv("LIGHTFLOW_CTX_MOUNT")) {
    mount = override_mount;
  }
  std::uint32_t uid = getuid();
  if (const char* override_uid = std::getenv("LIGHTFLOW_CTX_UID")) {
    auto parsed = parse_uid(override_uid);
    if (!parsed) {
      return fail(std::move(parsed).error());
    }
    uid = *parsed;
  }
  return ctxabi::Layout(std::move(mount), uid);
}

}  // namespace lf::cortex
