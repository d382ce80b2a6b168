#include "step_cache.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

#include <boost/json.hpp>

#include "atomic_file.hpp"
#include "text_file.hpp"

namespace lf::core {
namespace {

// Two FNV-1a 64 lanes with different offsets give a 128-bit file name; the
// entry itself holds the full key, so a collision can only cost a miss.
constexpr std::uint64_t kPrime = 0x100000001b3ULL;
constexpr std::array<std::uint64_t, 2> kOffsets = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};

std::uint64_t mix(std::uint64_t hash, std::string_view bytes) {
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kPrime;
  }
  return hash;
}

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

boost::json::object key_json(const StepCacheKey& key) {
  return boost::json::object{
      {"workflow_source_hash", key.workflow_source_hash},
      {"node_source_hash", key.node_source_hash},
      {"target", key.target},
      {"rendered_request", key.rendered_request},
      {"provider", key.provider},
      {"model", key.model},
  };
}

boost::json::value optional_text(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

std::optional<std::string> text_field(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->get_string());
}

std::optional<CachedOutcome> outcome_from(const boost::json::object& json) {
  auto run_id = text_field(json, "run_id");
  auto step_id = text_field(json, "step_id");
  auto body = text_field(json, "response_body");
  if (!run_id || !step_id || !body) {
    return std::nullopt;
  }
  return CachedOutcome{*run_id,
                       *step_id,
                       *body,
                       text_field(json, "fingerprint"),
                       text_field(json, "provider_id"),
                       text_field(json, "model_id"),
                       text_field(json, "route_decision"),
                       text_field(json, "stored_at").value_or("")};
}

}  // namespace

std::string source_hash(std::string_view text) {
  return "h64:" + hex(mix(kOffsets[0], text));
}

StepCache::StepCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

std::filesystem::path StepCache::entry_path(const StepCacheKey& key) const {
  // Length-prefixing each part keeps ("ab","c") and ("a","bc") apart.
  std::string material;
  for (const auto& [name, value] : key_json(key)) {
    const std::string_view part = value.get_string();
    material += std::to_string(part.size());
    material += ':';
    material += part;
  }
  return dir_ / "steps"
         / (hex(mix(kOffsets[0], material)) + hex(mix(kOffsets[1], material)) + ".json");
}

Result<std::optional<CachedOutcome>> StepCache::lookup(const StepCacheKey& key) const {
  auto text = read_text_file(entry_path(key));
  if (!text) {
    return std::optional<CachedOutcome>();
  }
  boost::system::error_code ec;
  const boost::json::value entry = boost::json::parse(*text, ec);
  if (ec || !entry.is_object()) {
    return std::optional<CachedOutcome>();
  }
  const boost::json::value* stored_key = entry.as_object().if_contains("key");
  const boost::json::value* outcome = entry.as_object().if_contains("outcome");
  if (stored_key == nullptr || outcome == nullptr || !outcome->is_object()
      || *stored_key != boost::json::value(key_json(key))) {
    return std::optional<CachedOutcome>();
  }
  return outcome_from(outcome->as_object());
}

Result<void> StepCache::store(const StepCacheKey& key, const CachedOutcome& outcome) const {
  const std::filesystem::path path = entry_path(key);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return fail(error_from(ec, path.parent_path().string()));
  }
  const boost::json::object entry{
      {"key", key_json(key)},
      {"outcome",
       boost::json::object{
           {"run_id", outcome.run_id},
           {"step_id", outcome.step_id},
           {"response_body", outcome.response_body},
           {"fingerprint", optional_text(outcome.fingerprint)},
           {"provider_id", optional_text(outcome.provider_id)},
           {"model_id", optional_text(outcome.model_id)},
           {"route_decision", optional_text(outcome.route_decision)},
           {"stored_at", outcome.stored_at},
       }},
  };
  // A cache entry lost in a crash costs one provider call later, so it is
  // published atomically but not synced.
  return write_file_unsynced(path, boost::json::serialize(entry) + "\n");
}

}  // namespace lf::core
