// The JSON forms of the asset results (asset_results.hpp). Keys and their
// order are documented in docs/authoring-assets.md; boost::json::object keeps
// insertion order.

#include <boost/json/array.hpp>

#include <lightflow/core/asset_results.hpp>

namespace lf::core {
namespace {

namespace json = boost::json;

json::value optional_text(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::array texts(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) {
    out.emplace_back(item);
  }
  return out;
}

template <typename T>
json::array objects(const std::vector<T>& items) {
  json::array out;
  for (const auto& item : items) {
    out.emplace_back(to_json(item));
  }
  return out;
}

}  // namespace

bool AssetCheckReport::ok() const {
  for (const AssetCheck& check : results) {
    if (!check.ok()) {
      return false;
    }
  }
  return true;
}

json::object to_json(const AssetMeta& meta) {
  return json::object{{"id", meta.id},
                      {"title", meta.title},
                      {"kind", meta.kind},
                      {"description", meta.description},
                      {"stability", meta.stability},
                      {"version", meta.version}};
}

json::object to_json(const AssetRecord& record) {
  return json::object{{"meta", to_json(record.meta)},
                      {"source_path", record.source_path},
                      {"builtin", record.builtin},
                      {"shadows_builtin", record.shadows_builtin}};
}

json::object to_json(const AssetProblem& problem) {
  const bool placed = problem.line > 0;
  return json::object{{"path", problem.path},
                      {"line", placed ? json::value(problem.line) : json::value(nullptr)},
                      {"col", placed ? json::value(problem.col) : json::value(nullptr)},
                      {"message", problem.message}};
}

json::object to_json(const AssetListing& listing) {
  return json::object{{"assets", objects(listing.assets)}, {"problems", objects(listing.problems)}};
}

json::object to_json(const AssetDetails& details) {
  json::object out = to_json(details.record);
  out["definition"] = details.definition;
  out["issues"] = texts(details.issues);
  out["source_hash"] = details.source_hash;
  return out;
}

json::object to_json(const AssetCheck& check) {
  return json::object{{"path", check.path},
                      {"ok", check.ok()},
                      {"compiles", check.compiles},
                      {"compiler_output", check.compiler_output},
                      {"reader_error", optional_text(check.reader_error)},
                      {"id", optional_text(check.id)},
                      {"kind", optional_text(check.kind)},
                      {"issues", texts(check.issues)},
                      {"dependent_issues", texts(check.dependent_issues)}};
}

json::object to_json(const AssetCheckReport& report) {
  return json::object{{"ok", report.ok()},
                      {"compiler", report.compiler},
                      {"include_dir", report.include_dir},
                      {"results", objects(report.results)}};
}

json::object to_json(const AssetSource& source) {
  return json::object{{"id", source.id},
                      {"kind", source.kind},
                      {"path", source.path},
                      {"builtin", source.builtin},
                      {"source_hash", source.source_hash},
                      {"problem", optional_text(source.problem)},
                      {"source", source.source}};
}

json::object to_json(const AssetWriteResult& result) {
  return json::object{{"written", result.written},
                      {"created", result.created},
                      {"id", result.id},
                      {"kind", result.kind},
                      {"path", result.path},
                      {"source_hash", optional_text(result.source_hash)},
                      {"previous_hash", optional_text(result.previous_hash)},
                      {"check", to_json(result.check)}};
}

json::object to_json(const AssetCreated& created) {
  return json::object{{"id", created.id},
                      {"kind", created.kind},
                      {"path", created.path},
                      {"source_hash", created.source_hash}};
}

json::object to_json(const AssetGuide& guide) {
  return json::object{{"path", guide.path}, {"text", guide.text}};
}

}  // namespace lf::core
