#include "store/run_id.hpp"

#include <atomic>

#include <lightflow/base/unique_name.hpp>
#include <lightflow/ctxabi/ids.hpp>

namespace lf::core {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kMaxFragmentBytes = 40;

// Fixed width keeps lexicographic order equal to numeric order.
std::string base32(std::uint64_t value, std::size_t digits) {
  std::string out(digits, '0');
  for (std::size_t i = digits; i > 0; --i) {
    out[i - 1] = kCrockford[value & 31U];
    value >>= 5U;
  }
  return out;
}

bool is_fragment_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
         || c == '_' || c == '-';
}

std::string fragment(std::string_view workflow_id) {
  constexpr std::string_view kPrefix = "workflow.";
  if (workflow_id.starts_with(kPrefix)) {
    workflow_id.remove_prefix(kPrefix.size());
  }
  std::string out;
  for (char c : workflow_id.substr(0, kMaxFragmentBytes)) {
    out += is_fragment_char(c) ? c : '-';
  }
  const auto first = out.find_first_not_of("._-");
  if (first == std::string::npos) {
    return "run";
  }
  const auto last = out.find_last_not_of("._-");
  return out.substr(first, last - first + 1);
}

// 40 bits from a random per-process start plus a counter: ids of one process
// never repeat (for 2^40 ids), and two processes collide only if their random
// starts fall within a few ids of each other in the same millisecond.
std::uint64_t sequence_bits() {
  static const std::uint64_t start = base::unique_bits();
  static std::atomic<std::uint64_t> counter{0};
  return (start + counter.fetch_add(1)) & ((std::uint64_t{1} << 40U) - 1);
}

}  // namespace

Result<void> validate_run_id(std::string_view run_id) {
  if (auto ok = ctxabi::validate_segment(ctxabi::IdKind::run_id, run_id); !ok) {
    return ok;
  }
  if (run_id.starts_with('.')) {
    return fail(Code::invalid_argument,
                "invalid run_id path segment: " + std::string(run_id)
                    + " (must not start with .; such names belong to the run store)");
  }
  return {};
}

std::string new_incarnation() {
  return base32(base::unique_bits() & ((std::uint64_t{1} << 40U) - 1), 8);
}

std::string generate_run_id(std::string_view workflow_id, SystemTime now) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  std::string id = fragment(workflow_id);
  id += '-';
  id += base32(static_cast<std::uint64_t>(ms.count()), 9);
  id += '-';
  id += base32(sequence_bits(), 8);
  return id;
}

}  // namespace lf::core
