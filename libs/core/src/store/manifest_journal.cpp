#include "store/manifest_journal.hpp"

#include <unordered_map>

#include <boost/json.hpp>

#include <lightflow/core/json_text.hpp>
#include <lightflow/core/run_json.hpp>

#include "store/jsonl_log.hpp"
#include "store/run_record.hpp"

namespace lf::core {
namespace {

constexpr std::string_view kGeneration = "journal_generation";

std::uint64_t generation_of(const boost::json::object& json) {
  const boost::json::value* value = json.if_contains(kGeneration);
  if (value != nullptr && value->is_uint64()) {
    return value->get_uint64();
  }
  if (value != nullptr && value->is_int64() && value->get_int64() >= 0) {
    return static_cast<std::uint64_t>(value->get_int64());
  }
  return 0;  // a manifest written before the journal existed
}

Unexpected corrupt(std::string_view context, std::size_t line, std::string_view what) {
  return fail(path_error(
      Code::corruption, context, "line " + std::to_string(line) + ": " + std::string(what)));
}

// Applies one patch line to `manifest`; `positions` maps step ids to indexes.
Result<void> apply_patch(const boost::json::object& patch,
                         RunManifest& manifest,
                         const std::unordered_map<std::string, std::size_t>& positions,
                         std::string_view context,
                         std::size_t line) {
  const boost::json::value* updated = patch.if_contains("updated_at");
  const boost::json::value* last_seq = patch.if_contains("last_seq");
  const boost::json::value* cancelled = patch.if_contains("cancelled");
  const boost::json::value* steps = patch.if_contains("steps");
  if (updated == nullptr || !updated->is_string() || last_seq == nullptr || !last_seq->is_number()
      || cancelled == nullptr || !cancelled->is_bool() || steps == nullptr || !steps->is_array()) {
    return corrupt(context, line, "a patch needs updated_at, last_seq, cancelled and steps");
  }
  manifest.updated_at = std::string(updated->get_string());
  manifest.last_seq = last_seq->to_number<std::uint64_t>();
  manifest.cancelled = cancelled->get_bool();
  for (const boost::json::value& json : steps->get_array()) {
    auto step = step_from_json(json, std::string(context) + " line " + std::to_string(line));
    if (!step) {
      return fail(std::move(step).error());
    }
    const auto at = positions.find(step->step_id);
    if (at == positions.end()) {
      return corrupt(context, line, "patches unknown step " + step->step_id);
    }
    manifest.steps[at->second] = std::move(*step);
  }
  return {};
}

}  // namespace

std::string manifest_base_document(const RunManifest& manifest, std::uint64_t generation) {
  // Thousands of steps: built in one arena, freed at once.
  boost::json::monotonic_resource arena;
  boost::json::object json = to_json(manifest, &arena);
  json[kGeneration] = generation;
  return to_compact_json(json) + "\n";
}

std::string manifest_patch_line(const RunManifest& manifest,
                                std::uint64_t generation,
                                const std::set<std::string>& step_ids) {
  boost::json::array steps;
  for (const RunStepRecord& step : manifest.steps) {
    if (step_ids.count(step.step_id) != 0) {
      steps.emplace_back(to_json(step));
    }
  }
  const boost::json::object patch{
      {kGeneration, generation},
      {"updated_at", manifest.updated_at},
      {"last_seq", manifest.last_seq},
      {"cancelled", manifest.cancelled},
      {"steps", std::move(steps)},
  };
  return to_compact_json(patch) + "\n";
}

Result<LoadedManifest> load_manifest(std::string_view base,
                                     std::string_view journal,
                                     std::string_view context) {
  auto document = parse_json_document(base, context);
  if (!document) {
    return fail(std::move(document).error());
  }
  LoadedManifest loaded;
  if (document->is_object()) {
    loaded.generation = generation_of(document->get_object());
  }
  auto manifest = manifest_from_json(*document, context);
  if (!manifest) {
    return fail(std::move(manifest).error());
  }
  loaded.manifest = std::move(*manifest);
  if (journal.empty()) {
    return loaded;
  }
  std::unordered_map<std::string, std::size_t> positions;
  positions.reserve(loaded.manifest.steps.size());
  for (std::size_t i = 0; i < loaded.manifest.steps.size(); ++i) {
    positions.emplace(loaded.manifest.steps[i].step_id, i);
  }
  const std::string journal_context =
      std::string(context) + " (" + std::string(kManifestJournal) + ")";
  const std::vector<std::string_view> lines = whole_lines(journal);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    boost::system::error_code ec;
    const boost::json::value patch = boost::json::parse(lines[i], ec);
    if (ec || !patch.is_object()) {
      return corrupt(journal_context, line, "not a JSON object");
    }
    if (generation_of(patch.get_object()) != loaded.generation) {
      continue;  // written before the base was last rewritten
    }
    if (auto ok =
            apply_patch(patch.get_object(), loaded.manifest, positions, journal_context, line);
        !ok) {
      return fail(std::move(ok).error());
    }
  }
  // Whole lines only: a line cut short is cut off by the next writer.
  const std::size_t last_newline = journal.rfind('\n');
  loaded.journal_length = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  return loaded;
}

}  // namespace lf::core
