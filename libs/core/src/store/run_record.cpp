// Parsing manifest.json. A malformed field is reported with its JSON path so
// that a person can repair the file by hand.

#include "store/run_record.hpp"

#include <stdexcept>
#include <string>

#include <boost/json.hpp>

namespace lf::core {
namespace {

// Thrown only inside this file and turned into Code::corruption by
// parse_manifest: it keeps each field read to one line.
struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const boost::json::value& field(const boost::json::object& json,
                                std::string_view key,
                                const std::string& where) {
  const auto* value = json.if_contains(key);
  if (value == nullptr) {
    throw Malformed(where + "." + std::string(key) + " is missing");
  }
  return *value;
}

std::string text(const boost::json::object& json, std::string_view key, const std::string& where) {
  const auto& value = field(json, key, where);
  if (!value.is_string()) {
    throw Malformed(where + "." + std::string(key) + " must be a string");
  }
  return std::string(value.get_string());
}

std::optional<std::string> optional_text(const boost::json::object& json,
                                         std::string_view key,
                                         const std::string& where) {
  const auto* value = json.if_contains(key);
  if (value == nullptr || value->is_null()) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    throw Malformed(where + "." + std::string(key) + " must be a string or null");
  }
  return std::string(value->get_string());
}

std::optional<std::filesystem::path> optional_path(const boost::json::object& json,
                                                   std::string_view key,
                                                   const std::string& where) {
  auto value = optional_text(json, key, where);
  if (!value) {
    return std::nullopt;
  }
  return std::filesystem::path(*value);
}

const boost::json::object& object(const boost::json::value& value, const std::string& where) {
  if (!value.is_object()) {
    throw Malformed(where + " must be an object");
  }
  return value.get_object();
}

const boost::json::array& array(const boost::json::object& json,
                                std::string_view key,
                                const std::string& where) {
  const auto& value = field(json, key, where);
  if (!value.is_array()) {
    throw Malformed(where + "." + std::string(key) + " must be an array");
  }
  return value.get_array();
}

std::vector<std::string> texts(const boost::json::object& json,
                               std::string_view key,
                               const std::string& where) {
  std::vector<std::string> out;
  for (const auto& item : array(json, key, where)) {
    if (!item.is_string()) {
      throw Malformed(where + "." + std::string(key) + " must hold strings");
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

std::uint64_t unsigned_number(const boost::json::object& json,
                              std::string_view key,
                              const std::string& where) {
  const auto& value = field(json, key, where);
  if (value.is_uint64()) {
    return value.get_uint64();
  }
  if (value.is_int64() && value.get_int64() >= 0) {
    return static_cast<std::uint64_t>(value.get_int64());
  }
  throw Malformed(where + "." + std::string(key) + " must be a non-negative integer");
}

cortex::Exchange read_exchange(const boost::json::value& value, const std::string& where) {
  const auto& json = object(value, where);
  auto target = cortex::target_from_json(field(json, "target", where));
  if (!target) {
    throw Malformed(where + ".target: " + target.error().message);
  }
  cortex::Exchange out;
  out.target = std::move(*target);
  out.request_id = text(json, "request_id", where);
  out.inbox_dir = text(json, "inbox_dir", where);
  out.outbox_dir = text(json, "outbox_dir", where);
  out.staged_request = text(json, "staged_request", where);
  out.commit_request = text(json, "commit_request", where);
  out.response = text(json, "response", where);
  out.error = text(json, "error", where);
  out.fingerprint = text(json, "fingerprint", where);
  out.wait = text(json, "wait", where);
  out.route_metadata = optional_path(json, "route_metadata", where);
  return out;
}

StepAttempt attempt(const boost::json::object& json, const std::string& where) {
  StepAttempt out;
  out.number = static_cast<int>(unsigned_number(json, "attempt", where));
  out.cortex = read_exchange(field(json, "cortex", where), where + ".cortex");
  auto status = parse_step_status(text(json, "status", where));
  if (!status) {
    throw Malformed(where + ".status: " + status.error().message);
  }
  out.status = *status;
  out.submitted_at = optional_text(json, "submitted_at", where);
  out.finished_at = optional_text(json, "finished_at", where);
  out.submitted_request_path = optional_path(json, "submitted_request_path", where);
  out.response_path = optional_path(json, "response_path", where);
  out.error_path = optional_path(json, "error_path", where);
  out.provider_id = optional_text(json, "provider_id", where);
  out.model_id = optional_text(json, "model_id", where);
  out.route_decision = optional_text(json, "route_decision", where);
  out.fingerprint = optional_text(json, "fingerprint", where);
  for (auto& path : texts(json, "output_artifacts", where)) {
    out.output_artifacts.emplace_back(std::move(path));
  }
  if (const auto* source = json.if_contains("cached_from"); source && source->is_object()) {
    const auto& from = source->get_object();
    out.cached_from = StepSource{text(from, "run_id", where + ".cached_from"),
                                 text(from, "step_id", where + ".cached_from")};
  }
  return out;
}

RunStepRecord step(const boost::json::value& value, const std::string& where) {
  const auto& json = object(value, where);
  RunStepRecord out;
  out.step_id = text(json, "step_id", where);
  out.node_or_composition_id = text(json, "node_or_composition_id", where);
  out.depends_on = texts(json, "depends_on", where);
  if (const auto* request = json.if_contains("request_template")) {
    out.request_template = *request;
  }
  if (const auto* timeout = json.if_contains("timeout_ms"); timeout && timeout->is_int64()) {
    out.timeout_ms = timeout->get_int64();
  }
  if (const auto* attempts = json.if_contains("max_attempts"); attempts && attempts->is_int64()) {
    out.max_attempts = static_cast<int>(attempts->get_int64());
  }
  out.current = attempt(json, where);
  const auto& attempts = array(json, "attempts", where);
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const std::string at = where + ".attempts[" + std::to_string(i) + "]";
    out.attempts.push_back(attempt(object(attempts[i], at), at));
  }
  return out;
}

RunManifest manifest(const boost::json::value& value) {
  const std::string where = "manifest";
  const auto& json = object(value, where);
  RunManifest out;
  out.run_id = text(json, "run_id", where);
  // Absent (or null) in runs recorded before incarnations existed.
  out.incarnation = optional_text(json, "incarnation", where).value_or(std::string());
  out.workflow_asset_id = text(json, "workflow_asset_id", where);
  const auto& cancelled = field(json, "cancelled", where);
  if (!cancelled.is_bool()) {
    throw Malformed(where + ".cancelled must be a boolean");
  }
  out.cancelled = cancelled.get_bool();
  out.created_at = text(json, "created_at", where);
  out.updated_at = text(json, "updated_at", where);
  out.last_seq = unsigned_number(json, "last_seq", where);
  // Absent in runs recorded before source hashes were kept.
  if (const auto* hashes = json.if_contains("source_hashes"); hashes && hashes->is_object()) {
    for (const auto& [id, hash] : hashes->get_object()) {
      if (hash.is_string()) {
        out.source_hashes.emplace(std::string(id), std::string(hash.get_string()));
      }
    }
  }
  const auto& steps = array(json, "steps", where);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    out.steps.push_back(step(steps[i], where + ".steps[" + std::to_string(i) + "]"));
  }
  return out;
}

}  // namespace

Result<boost::json::value> parse_json_document(std::string_view text, std::string_view context) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec) {
    return fail(Code::corruption, std::string(context) + ": invalid JSON: " + ec.message());
  }
  return value;
}

Result<RunManifest> parse_manifest(std::string_view text, std::string_view context) {
  auto document = parse_json_document(text, context);
  if (!document) {
    return fail(std::move(document).error());
  }
  return manifest_from_json(*document, context);
}

Result<RunManifest> manifest_from_json(const boost::json::value& json, std::string_view context) {
  try {
    return manifest(json);
  } catch (const Malformed& problem) {
    return fail(Code::corruption, std::string(context) + ": " + problem.what());
  }
}

Result<RunStepRecord> step_from_json(const boost::json::value& json, std::string_view context) {
  try {
    return step(json, "step");
  } catch (const Malformed& problem) {
    return fail(Code::corruption, std::string(context) + ": " + problem.what());
  }
}

}  // namespace lf::core
