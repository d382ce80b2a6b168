#include "execution/step_cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>

#include <boost/json.hpp>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>

#include "store/json_optional.hpp"
#include "store/jsonl_log.hpp"

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
                       text_field(json, "stored_at").value_or(""),
                       text_field(json, "response_path"),
                       text_field(json, "response_stamp")};
}

constexpr std::size_t kDigestLength = 32;

// Two FNV-1a lanes over the length-prefixed parts: the journal's index key.
// Length-prefixing keeps ("ab","c") and ("a","bc") apart.
std::string key_digest(const boost::json::object& key) {
  std::string material;
  for (const auto& [name, value] : key) {
    const std::string_view part = value.get_string();
    material += std::to_string(part.size());
    material += ':';
    material += part;
  }
  return hex(mix(kOffsets[0], material)) + hex(mix(kOffsets[1], material));
}

std::optional<CachedOutcome> entry_outcome(std::string_view json, const boost::json::object& key) {
  boost::system::error_code ec;
  const boost::json::value entry = boost::json::parse(json, ec);
  if (ec || !entry.is_object()) {
    return std::nullopt;
  }
  const boost::json::value* stored_key = entry.as_object().if_contains("key");
  const boost::json::value* outcome = entry.as_object().if_contains("outcome");
  if (stored_key == nullptr || outcome == nullptr || !outcome->is_object()
      || !stored_key->is_object() || stored_key->as_object() != key) {
    return std::nullopt;
  }
  return outcome_from(outcome->as_object());
}

}  // namespace

std::string source_hash(std::string_view text) {
  return "h64:" + hex(mix(kOffsets[0], text));
}

StepCache::StepCache(std::filesystem::path dir)
    : journal_(std::move(dir) / "steps" / "entries.jsonl") {}

StepCache::~StepCache() {
  if (read_fd_ >= 0) {
    ::close(read_fd_);
  }
}

Result<void> StepCache::load_index() {
  indexed_ = true;
  // Indexed from one read; only the lines a lookup hits are parsed (by pread
  // on a descriptor kept open; the journal only ever grows).
  auto read = base::read_text_file(journal_);
  if (!read) {
    return read.error().code == Code::not_found ? Result<void>() : fail(std::move(read).error());
  }
  read_fd_ = ::open(journal_.c_str(), O_RDONLY | O_CLOEXEC);
  if (read_fd_ < 0) {
    return fail(errno_error(errno, journal_.string()));
  }
  const std::string& text = *read;
  for (const std::string_view line : whole_lines(text)) {
    if (line.size() > kDigestLength + 1 && line[kDigestLength] == ' ') {
      const auto json_start =
          static_cast<std::size_t>(line.data() - text.data()) + kDigestLength + 1;
      index_.insert_or_assign(
          std::string(line.substr(0, kDigestLength)),
          Span{static_cast<off_t>(json_start), line.size() - kDigestLength - 1});
    }
  }
  return {};
}

Result<std::optional<CachedOutcome>> StepCache::lookup(const StepCacheKey& key) {
  if (!indexed_) {
    if (auto ok = load_index(); !ok) {
      return fail(std::move(ok).error());
    }
  }
  const boost::json::object wanted = key_json(key);
  const std::string digest = key_digest(wanted);
  if (const auto added = added_.find(digest); added != added_.end()) {
    return entry_outcome(added->second, wanted);
  }
  const auto found = index_.find(digest);
  if (found == index_.end()) {
    return std::optional<CachedOutcome>();
  }
  std::string json(found->second.length, '\0');
  const ssize_t n = ::pread(read_fd_, json.data(), json.size(), found->second.offset);
  if (n != static_cast<ssize_t>(json.size())) {
    return std::optional<CachedOutcome>();  // the journal was replaced meanwhile: a miss
  }
  return entry_outcome(json, wanted);
}

Result<void> StepCache::store(const StepCacheKey& key, const CachedOutcome& outcome) {
  // Entries hold requests and answers: the cache is its owner's alone.
  for (const auto& dir : {journal_.parent_path().parent_path(), journal_.parent_path()}) {
    if (auto ok = base::make_private_directories(dir); !ok) {
      return ok;
    }
  }
  const boost::json::object stored_key = key_json(key);
  const std::string digest = key_digest(stored_key);
  std::string json = boost::json::serialize(boost::json::object{
      {"key", stored_key},
      {"outcome",
       boost::json::object{
           {"run_id", outcome.run_id},
           {"step_id", outcome.step_id},
           {"response_body", outcome.response_body},
           {"fingerprint", json_or_null(outcome.fingerprint)},
           {"provider_id", json_or_null(outcome.provider_id)},
           {"model_id", json_or_null(outcome.model_id)},
           {"route_decision", json_or_null(outcome.route_decision)},
           {"stored_at", outcome.stored_at},
           {"response_path", json_or_null(outcome.response_path)},
           {"response_stamp", json_or_null(outcome.response_stamp)},
       }},
  });
  // One O_APPEND write per entry, so concurrent writers never interleave (a
  // line a crashed writer left unfinished is ended first). A lost entry costs
  // one provider call later, so the journal is not synced.
  if (auto ok = append_jsonl(journal_, digest + " " + json + "\n", /*sync=*/false); !ok) {
    return ok;
  }
  added_.insert_or_assign(digest, std::move(json));
  return {};
}

}  // namespace lf::core
