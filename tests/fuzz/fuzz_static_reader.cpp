// Feeds arbitrary bytes to the static reader and the placeholder parser. The
// reader must return an asset or a diagnostic with a sane position, and never
// crash, hang or trip a sanitizer.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <lightflow/assets/asset_json.hpp>
#include <lightflow/assets/placeholders.hpp>
#include <lightflow/assets/static_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  lf::assets::Diagnostic d;
  auto asset = lf::assets::read_asset_source(source, "fuzz.cpp", &d);
  if (asset) {
    (void)lf::assets::to_json(*asset);
  } else {
    if (d.line < 1 || d.col < 1 || d.message.empty()) {
      std::abort();  // every diagnostic has a position and a message
    }
    (void)d.format();
  }
  (void)lf::assets::parse_placeholders(source);
  return 0;
}
