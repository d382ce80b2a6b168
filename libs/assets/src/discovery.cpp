#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <string>
#include <system_error>
#include <thread>

#include <lightflow/assets/discovery.hpp>
#include <lightflow/assets/skeleton.hpp>
#include <lightflow/assets/static_reader.hpp>

#include "name_rules.hpp"

namespace lf::assets {
namespace {

namespace fs = std::filesystem;

struct Found {
  AssetKind kind;
  bool builtin;
  fs::path path;
};

// Not recursive; only regular files named *.cpp; sorted so that listings do
// not depend on directory order.
void list_folder(const fs::path& dir, AssetKind kind, bool builtin, std::vector<Found>& out) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    return;  // a missing folder means no assets of that kind
  }
  std::vector<fs::path> files;
  for (const auto& entry : it) {
    if (entry.path().extension() == ".cpp" && entry.is_regular_file(ec)) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (auto& f : files) {
    out.push_back(Found{kind, builtin, std::move(f)});
  }
}

struct Loaded {
  std::optional<ParsedAsset> asset;
  Diagnostic diagnostic;
};

// Rationale: with a cold page cache, listing is bound by read latency, and
// reading many files at once lets the disk (or the kernel's readahead) work
// in parallel; with a warm cache the threads share the parsing. Each file is
// independent and the reader is a pure function, so the only shared state is
// the next index. Results keep the scan order.
constexpr std::size_t kReaderThreads = 8;
constexpr std::size_t kFilesPerThread = 32;

std::vector<Loaded> load_all(const std::vector<Found>& found) {
  std::vector<Loaded> out(found.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < found.size(); i = next++) {
      out[i].asset = read_asset_file(found[i].path, &out[i].diagnostic);
    }
  };
  const std::size_t wanted = std::min(kReaderThreads, found.size() / kFilesPerThread);
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < wanted; ++t) {
    try {
      threads.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // fewer threads only make the listing slower
    }
  }
  work();
  for (auto& thread : threads) {
    thread.join();
  }
  return out;
}

// Project folders first, then built-ins: on equal ids the project wins.
std::vector<Found> find_files(const ScanOptions& options) {
  std::vector<Found> found;
  for (bool builtin : {false, true}) {
    if (builtin && options.builtin_dir.empty()) {
      continue;
    }
    const fs::path base = builtin ? options.builtin_dir : options.project_root / "assets";
    for (AssetKind kind : options.kinds) {
      list_folder(base / folder_name(kind), kind, builtin, found);
    }
  }
  return found;
}

// The catalog under construction: good assets, problems and the id index.
struct Collected {
  std::vector<CatalogEntry> entries;
  std::vector<Problem> problems;
  std::vector<AssetKind> problem_kinds;
  std::map<std::string, std::size_t, std::less<>> by_id;  // id -> index in entries

  void report(const Found& f, Problem p) {
    problems.push_back(std::move(p));
    problem_kinds.push_back(f.kind);
  }

  void admit(const Found& f, Loaded& loaded) {
    if (!loaded.asset) {
      const Diagnostic& d = loaded.diagnostic;
      report(f, Problem{d.path, d.line, d.col, d.message, d.asset_id});
      return;
    }
    ParsedAsset& asset = *loaded.asset;
    if (asset.meta.kind != f.kind) {
      report(f,
             Problem{f.path.string(),
                     0,
                     0,
                     "asset has kind " + std::string(folder_name(asset.meta.kind)) + ", expected "
                         + std::string(folder_name(f.kind)) + " (the folder it is in)",
                     asset.meta.id});
      return;
    }
    const auto [it, inserted] = by_id.try_emplace(asset.meta.id, entries.size());
    if (!inserted) {
      CatalogEntry& first = entries[it->second];
      if (f.builtin && !first.record.builtin) {
        first.record.shadows_builtin = true;
      } else {
        report(f,
               Problem{f.path.string(),
                       0,
                       0,
                       "duplicate asset id " + asset.meta.id + ": already defined in "
                           + first.record.source_path,
                       asset.meta.id});
      }
      return;
    }
    AssetRecord record{asset.meta, f.path.string(), f.builtin, false};
    entries.push_back(CatalogEntry{std::move(record), std::move(asset)});
  }
};

// Listing order: kind, then id.
void sort_entries(std::vector<CatalogEntry>& entries) {
  std::stable_sort(
      entries.begin(), entries.end(), [](const CatalogEntry& a, const CatalogEntry& b) {
        if (a.record.meta.kind != b.record.meta.kind) {
          return a.record.meta.kind < b.record.meta.kind;
        }
        return a.record.meta.id < b.record.meta.id;
      });
}

fs::path executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace

fs::path resolve_project_root(const std::optional<fs::path>& explicit_root) {
  std::error_code ec;
  fs::path root;
  if (explicit_root && !explicit_root->empty()) {
    root = *explicit_root;
  } else if (const char* env = std::getenv("LIGHTFLOW_PROJECT"); env != nullptr && *env != '\0') {
    root = env;
  } else {
    root = fs::current_path(ec);
  }
  fs::path absolute = fs::absolute(root, ec);
  return ec ? root : absolute.lexically_normal();
}

fs::path builtin_assets_dir() {
  if (const char* env = std::getenv("LIGHTFLOW_BUILTIN_ASSETS"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  const fs::path exe_dir = executable_dir();
  if (!exe_dir.empty()) {
    const fs::path installed =
        (exe_dir / ".." / "share" / "lightflow" / "assets").lexically_normal();
    if (fs::is_directory(installed, ec)) {
      return installed;
    }
  }
  if (fs::is_directory(LF_ASSETS_BUILTIN_SOURCE_DIR, ec)) {
    return LF_ASSETS_BUILTIN_SOURCE_DIR;
  }
  return LF_ASSETS_BUILTIN_INSTALL_DIR;
}

AssetCatalog AssetCatalog::scan(const ScanOptions& options) {
  const std::vector<Found> found = find_files(options);
  std::vector<Loaded> loaded = load_all(found);
  Collected collected;
  for (std::size_t i = 0; i < found.size(); ++i) {
    collected.admit(found[i], loaded[i]);
  }
  sort_entries(collected.entries);
  AssetCatalog catalog;
  catalog.entries_ = std::move(collected.entries);
  catalog.problems_ = std::move(collected.problems);
  catalog.problem_kinds_ = std::move(collected.problem_kinds);
  return catalog;
}

AssetListing AssetCatalog::listing(AssetKind kind) const {
  AssetListing out;
  for (const CatalogEntry& e : entries_) {
    if (e.record.meta.kind == kind) {
      out.assets.push_back(e.record);
    }
  }
  for (std::size_t i = 0; i < problems_.size(); ++i) {
    if (problem_kinds_[i] == kind) {
      out.problems.push_back(problems_[i]);
    }
  }
  return out;
}

const CatalogEntry* AssetCatalog::find(std::string_view id) const noexcept {
  for (const CatalogEntry& e : entries_) {
    if (e.record.meta.id == id) {
      return &e;
    }
  }
  return nullptr;
}

const CatalogEntry* AssetCatalog::find(std::string_view id, AssetKind kind) const noexcept {
  const CatalogEntry* e = find(id);
  return e != nullptr && e->record.meta.kind == kind ? e : nullptr;
}

AssetCatalog AssetCatalog::with_asset(CatalogEntry entry) const {
  AssetCatalog out;
  for (const CatalogEntry& e : entries_) {
    if (e.record.meta.id == entry.record.meta.id) {
      // A project asset hides a built-in of the same id, as a scan would.
      entry.record.shadows_builtin =
          !entry.record.builtin && (e.record.builtin || e.record.shadows_builtin);
    } else if (e.record.source_path != entry.record.source_path) {
      out.entries_.push_back(e);
    }
  }
  for (std::size_t i = 0; i < problems_.size(); ++i) {
    if (problems_[i].path != entry.record.source_path) {
      out.problems_.push_back(problems_[i]);
      out.problem_kinds_.push_back(problem_kinds_[i]);
    }
  }
  out.entries_.push_back(std::move(entry));
  sort_entries(out.entries_);
  return out;
}

const Problem* AssetCatalog::problem_for(std::string_view id) const noexcept {
  for (const Problem& p : problems_) {
    if (p.asset_id == id) {
      return &p;
    }
  }
  // A file the reader rejected before META: known by the name `lf assets new` gives it.
  for (std::size_t i = 0; i < problems_.size(); ++i) {
    if (problems_[i].asset_id.empty()
        && fs::path(problems_[i].path).filename() == skeleton_file_name(problem_kinds_[i], id)) {
      return &problems_[i];
    }
  }
  return nullptr;
}

Error AssetCatalog::explain_missing(std::string_view id,
                                    std::string_view label,
                                    std::optional<AssetKind> kind) const {
  const std::string subject = std::string(label) + " " + std::string(id);
  if (const Problem* p = problem_for(id)) {
    if (p->line > 0) {
      return Error{Code::invalid_argument,
                   subject + " does not parse: " + p->path + ":" + std::to_string(p->line) + ":"
                       + std::to_string(p->col) + ": " + p->message};
    }
    return Error{Code::invalid_argument,
                 subject + " cannot be used: " + p->path + ": " + p->message};
  }
  const std::vector<AssetKind> kinds =
      kind ? std::vector<AssetKind>{*kind}
           : std::vector<AssetKind>{
               AssetKind::workflow, AssetKind::node, AssetKind::composition, AssetKind::model};
  for (AssetKind k : kinds) {
    const auto close = suggestions(id, k);
    if (!close.empty()) {
      return Error{Code::not_found, subject + " (did you mean " + close.front() + "?)"};
    }
  }
  return Error{Code::not_found, subject};
}

std::vector<std::string> AssetCatalog::suggestions(std::string_view id, AssetKind kind) const {
  std::vector<std::string> out;
  for (const CatalogEntry& e : entries_) {
    if (e.record.meta.kind == kind && detail::edit_distance(id, e.record.meta.id) <= 2) {
      out.push_back(e.record.meta.id);
    }
  }
  return out;
}

}  // namespace lf::assets
