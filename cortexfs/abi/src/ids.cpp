#include <algorithm>
#include <array>
#include <string>

#include <lightflow/base/utf8.hpp>
#include <lightflow/ctxabi/file_names.hpp>
#include <lightflow/ctxabi/ids.hpp>

namespace lf::ctxabi {
namespace {

// Suffixes CortexFS gives meaning to: an id ending in one would make its files
// ambiguous (a step "x.error" would look like the error file of step "x").
constexpr std::array<std::string_view, 7> kReservedSuffixes = {
    kRequestSuffix,
    kResponseSuffix,
    kErrorSuffix,
    kFingerprintSuffix,
    kRouteSuffix,
    kWaitSuffix,
    kStagedSuffix,
};

Unexpected invalid(IdKind kind, std::string_view value, std::string_view why) {
  std::string message = "invalid ";
  message += to_string(kind);
  message += " path segment: ";
  message += base::printable_utf8(value);
  message += " (";
  message += why;
  message += ')';
  return fail(Code::invalid_argument, std::move(message));
}

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

}  // namespace

std::string_view to_string(IdKind kind) noexcept {
  switch (kind) {
    case IdKind::step_id:
      return "step_id";
    case IdKind::tool_id:
      return "tool_id";
    case IdKind::thread_id:
      return "thread_id";
    case IdKind::request_id:
      return "request_id";
    case IdKind::run_id:
      return "run_id";
    case IdKind::channel_id:
      return "channel_id";
    case IdKind::job_id:
      return "job_id";
    case IdKind::hook_id:
      return "hook_id";
    case IdKind::model_id:
      return "model_id";
  }
  return "id";
}

Result<void> validate_segment(IdKind kind, std::string_view value) {
  const std::size_t limit = kind == IdKind::request_id ? kMaxRequestIdBytes : kMaxSegmentBytes;
  if (value.empty()) {
    return invalid(kind, value, "must not be empty");
  }
  if (value == "." || value == "..") {
    return invalid(kind, value, "must not be . or ..");
  }
  if (value.size() > limit) {
    return invalid(kind, value, "longer than " + std::to_string(limit) + " bytes");
  }
  for (char c : value) {
    if (c == '/') {
      return invalid(kind, value, "must not contain /");
    }
    if (is_control(c)) {
      return invalid(kind, value, "must not contain control characters");
    }
  }
  if (base::invalid_utf8_offset(value)) {
    // Ids end up in JSON records and audit lines, which must be UTF-8.
    return invalid(kind, value, "must be valid UTF-8");
  }
  for (std::string_view suffix : kReservedSuffixes) {
    if (value.ends_with(suffix)) {
      return invalid(kind, value, "must not end in " + std::string(suffix));
    }
  }
  return {};
}

Result<void> validate_virtual_id(IdKind kind, std::string_view value) {
  if (value.empty() || value.size() > kMaxVirtualIdBytes) {
    return invalid(kind, value, "must be 1 to 64 bytes");
  }
  if (value == "." || value == "..") {
    return invalid(kind, value, "must not be . or ..");
  }
  for (char c : value) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                         || c == '.' || c == '-';
    if (!allowed) {
      return invalid(kind, value, "only ASCII letters, digits, . and - are allowed");
    }
  }
  return {};
}

Result<void> validate_model_id(std::string_view value) {
  if (value.empty() || value.size() > kMaxModelIdBytes) {
    return fail(Code::invalid_argument,
                "invalid model_id: " + base::printable_utf8(value) + " (must be 1 to 256 bytes)");
  }
  for (char c : value) {
    if (is_control(c)) {
      return fail(Code::invalid_argument,
                  "invalid model_id: " + base::printable_utf8(value)
                      + " (must not contain control characters)");
    }
  }
  if (base::invalid_utf8_offset(value)) {
    return fail(Code::invalid_argument,
                "invalid model_id: " + base::printable_utf8(value) + " (must be valid UTF-8)");
  }
  return {};
}

Result<std::string> make_request_id(std::string_view run_id, std::string_view step_id) {
  return make_request_id(run_id, std::string_view(), step_id);
}

Result<void> validate_incarnation(std::string_view incarnation) {
  const bool sized = !incarnation.empty() && incarnation.size() <= kMaxIncarnationBytes;
  const bool alphanumeric = std::all_of(incarnation.begin(), incarnation.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
  if (!sized || !alphanumeric) {
    return fail(Code::invalid_argument,
                "invalid run incarnation: " + base::printable_utf8(incarnation) + " (must be 1 to "
                    + std::to_string(kMaxIncarnationBytes) + " ASCII letters and digits)");
  }
  return {};
}

Result<std::string> make_request_id(std::string_view run_id,
                                    std::string_view incarnation,
                                    std::string_view step_id) {
  if (auto ok = validate_segment(IdKind::run_id, run_id); !ok) {
    return fail(std::move(ok).error());
  }
  if (!incarnation.empty()) {
    if (auto ok = validate_incarnation(incarnation); !ok) {
      return fail(std::move(ok).error());
    }
  }
  if (auto ok = validate_segment(IdKind::step_id, step_id); !ok) {
    return fail(std::move(ok).error());
  }
  std::string id;
  id.reserve(run_id.size() + 2 + incarnation.size() + step_id.size());
  id += run_id;
  id += '.';
  if (!incarnation.empty()) {
    id += incarnation;
    id += '.';
  }
  id += step_id;
  if (auto ok = validate_segment(IdKind::request_id, id); !ok) {
    return fail(std::move(ok).error());
  }
  return id;
}

}  // namespace lf::ctxabi
