#include <array>

#include <lightflow/ctxabi/fingerprint.hpp>

namespace lf::ctxabi {
namespace {

constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

std::uint64_t mix(std::uint64_t hash, std::string_view bytes) noexcept {
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
  return hash;
}

}  // namespace

std::uint64_t fingerprint_hash(std::string_view format,
                               std::string_view request_id,
                               std::string_view body) noexcept {
  constexpr std::string_view kSeparator("\0", 1);
  std::uint64_t hash = kFnvOffsetBasis;
  hash = mix(hash, format);
  hash = mix(hash, kSeparator);
  hash = mix(hash, request_id);
  hash = mix(hash, kSeparator);
  return mix(hash, body);
}

std::string fingerprint(std::string_view format,
                        std::string_view request_id,
                        std::string_view body) {
  return fingerprint_text(fingerprint_hash(format, request_id, body));
}

std::string fingerprint_text(std::uint64_t hash) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string text = "fnv1a64:";
  std::array<char, 16> hex{};
  for (std::size_t i = 0; i < hex.size(); ++i) {
    hex[hex.size() - 1 - i] = kDigits[hash & 0xf];
    hash >>= 4;
  }
  text.append(hex.data(), hex.size());
  return text;
}

}  // namespace lf::ctxabi
