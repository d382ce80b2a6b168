#pragma once

// The requests and results of the Service's asset operations (lf assets, and
// the same operations over HTTP and MCP): listings, one asset's details, check
// reports, an asset's source, a proposed source's validation and a write.
// Each result has a to_json whose keys and order docs/authoring-assets.md
// documents; adapters print that and never read results by string key.
// Kinds and stabilities are their JSON names ("workflow", "draft").
// Thread-safety: plain values.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace lf::core {

/// What an asset's META declares.
struct AssetMeta {
  std::string id;
  std::string title;
  std::string kind;  ///< "model", "node", "composition" or "workflow"
  std::string description;
  std::string stability;  ///< "draft", "experimental" or "stable"
  std::string version;
};

/// One listed asset.
struct AssetRecord {
  AssetMeta meta;
  std::string source_path;       ///< absolute
  bool builtin = false;          ///< shipped with LightFlow rather than in the project
  bool shadows_builtin = false;  ///< a project asset that hides a built-in with the same id
};

/// A file a listing could not admit: it does not parse, sits in the wrong
/// folder or repeats an id.
struct AssetProblem {
  std::string path;
  int line = 0;  ///< 1-based; 0 = no position (JSON null)
  int col = 0;
  std::string message;
};

/// The assets of one kind, sorted by id, and the problems of that kind's folders.
struct AssetListing {
  std::vector<AssetRecord> assets;
  std::vector<AssetProblem> problems;
};

/// One asset: its record, its definition and every problem that would stop it
/// from running (empty issues: it can run).
struct AssetDetails {
  AssetRecord record;
  /// The parsed definition, in the JSON form docs/authoring-assets.md §9 gives
  /// for its kind (a workflow's is what resolved_workflow.json holds).
  boost::json::object definition;
  std::vector<std::string> issues;
  std::string source_hash;  ///< of the file, as assets_write's expected_hash wants it
};

/// The check of one asset file or proposed text. ok() means the asset can
/// run: the compiler accepts it, the static reader reads it, and the catalog
/// checks (models, nodes, steps, placeholders, field defaults) find nothing.
struct AssetCheck {
  std::string path;                 ///< the file checked, or where a proposed text would be written
  std::optional<std::string> id;    ///< the asset's id, when known
  std::optional<std::string> kind;  ///< its kind, when known
  bool compiles = false;
  std::string compiler_output;  ///< the compiler's diagnostics, naming `path`
  /// The static reader's diagnostic ("path:line:col: message", the line and a caret).
  std::optional<std::string> reader_error;
  /// Problems of the asset itself against the catalog.
  std::vector<std::string> issues;
  /// Problems the text would newly cause in other assets that use it (a
  /// proposed text only; for example a workflow binding a port it removes).
  std::vector<std::string> dependent_issues;

  bool ok() const {
    return compiles && !reader_error && issues.empty() && dependent_issues.empty();
  }
};

/// Several checks.
struct AssetCheckReport {
  std::string compiler;     ///< the command used ($LIGHTFLOW_CXX or c++)
  std::string include_dir;  ///< where lightflow/asset.hpp was found
  std::vector<AssetCheck> results;

  bool ok() const;  ///< every result is ok
};

/// What to check. Both empty: every project asset file.
struct AssetCheckRequest {
  std::vector<std::string> ids;    ///< assets by id (project or built-in)
  std::vector<std::string> paths;  ///< files; relative ones are under the project root
};

/// An asset's source text.
struct AssetSource {
  std::string id;
  std::string kind;
  std::string path;
  bool builtin = false;
  std::string source;
  std::string source_hash;  ///< pass it to assets_write as expected_hash to replace the file
  /// Set when the file is not a usable asset (it does not parse, …): the text
  /// is still returned so that it can be fixed.
  std::optional<std::string> problem;
};

/// A proposed source text for the asset `id` of `kind` ("workflow" or "workflows", …).
struct AssetProposal {
  std::string kind;
  std::string id;
  std::string source;
};

/// Write `source` as the asset `id` of `kind`.
struct AssetWriteRequest {
  std::string kind;
  std::string id;
  std::string source;
  /// The source_hash of the file being replaced (assets_source, assets_show).
  /// Absent: the project must not have a file for the asset yet.
  std::optional<std::string> expected_hash;
};

/// What assets_write did. An invalid text is not written (written false), and
/// `check` says why; the file, if any, is unchanged.
struct AssetWriteResult {
  bool written = false;
  bool created = false;  ///< the file did not exist before
  std::string id;
  std::string kind;
  std::string path;
  /// The hash of the file's content now: the new text's when written, else
  /// the unchanged file's (absent when there is no file).
  std::optional<std::string> source_hash;
  std::optional<std::string> previous_hash;  ///< the replaced file's, absent when created
  AssetCheck check;
};

/// The skeleton assets_new wrote.
struct AssetCreated {
  std::string id;
  std::string kind;
  std::string path;
  std::string source_hash;
};

/// The authoring guide (docs/authoring-assets.md): the whole asset language.
struct AssetGuide {
  std::string path;
  std::string text;  ///< Markdown
};

/// {id, title, kind, description, stability, version}
boost::json::object to_json(const AssetMeta& meta);

/// {meta, source_path, builtin, shadows_builtin}
boost::json::object to_json(const AssetRecord& record);

/// {path, line, col, message}; line and col are null without a position.
boost::json::object to_json(const AssetProblem& problem);

/// {assets:[AssetRecord…], problems:[AssetProblem…]}
boost::json::object to_json(const AssetListing& listing);

/// The record's fields, then {definition, issues, source_hash}.
boost::json::object to_json(const AssetDetails& details);

/// {path, ok, compiles, compiler_output, reader_error, id, kind, issues,
/// dependent_issues}; reader_error, id and kind are null when absent.
boost::json::object to_json(const AssetCheck& check);

/// {ok, compiler, include_dir, results:[AssetCheck…]}
boost::json::object to_json(const AssetCheckReport& report);

/// {id, kind, path, builtin, source_hash, problem, source}
boost::json::object to_json(const AssetSource& source);

/// {written, created, id, kind, path, source_hash, previous_hash, check}
boost::json::object to_json(const AssetWriteResult& result);

/// {id, kind, path, source_hash}
boost::json::object to_json(const AssetCreated& created);

/// {path, text}
boost::json::object to_json(const AssetGuide& guide);

}  // namespace lf::core
