#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <random>

#include <lightflow/base/unique_name.hpp>

namespace lf::base {
namespace {

std::uint64_t process_seed() {
  std::random_device device;
  const std::uint64_t high = device();
  return (high << 32U) ^ device() ^ static_cast<std::uint64_t>(getpid());
}

// splitmix64: turns consecutive counter values into well-spread bits.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

}  // namespace

std::uint64_t unique_bits() {
  static const std::uint64_t seed = process_seed();
  static std::atomic<std::uint64_t> counter{0};
  return mix(seed + counter.fetch_add(1));
}

std::string unique_token() {
  char buffer[48];
  std::snprintf(buffer,
                sizeof buffer,
                "%ld-%016llx",
                static_cast<long>(getpid()),
                static_cast<unsigned long long>(unique_bits()));
  return buffer;
}

}  // namespace lf::base
