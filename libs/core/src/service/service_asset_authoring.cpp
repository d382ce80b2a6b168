// The Service's authoring operations: an asset's source by id, the
// validation of a proposed source as if it were written (compiler, static
// reader and catalog together, touching no project file), and the write that
// publishes a source only when it validates and only over the content the
// writer last saw (expected_hash).

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <variant>

#include <lightflow/assets/compiler_check.hpp>
#include <lightflow/assets/skeleton.hpp>
#include <lightflow/assets/static_reader.hpp>
#include <lightflow/assets/validation.hpp>
#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/core/service.hpp>

#include "service/asset_catalog.hpp"

namespace lf::core {
namespace {

namespace fs = std::filesystem;

// Where a proposed source for (kind, id) goes.
struct Target {
  assets::AssetKind kind = assets::AssetKind::workflow;
  std::string id;
  fs::path path;
};

std::string problem_text(const assets::Problem& p) {
  return p.line > 0 ? p.path + ":" + std::to_string(p.line) + ":" + std::to_string(p.col) + ": "
                          + p.message
                    : p.path + ": " + p.message;
}

// The file that holds the asset now (a project asset of that id, or a project
// file of that id that does not parse), else the file `lf assets new` would
// create. Errors: invalid_argument for a bad kind or id, or an id another kind
// of project asset holds; conflict when the file holds another asset.
Result<Target> resolve_target(const ServiceConfig& config,
                              const assets::AssetCatalog& catalog,
                              std::string_view kind_text,
                              std::string_view id) {
  auto kind = parse_kind(kind_text);
  if (!kind) {
    return fail(std::move(kind).error());
  }
  if (auto ok = assets::check_asset_id(id); !ok) {
    return fail(std::move(ok).error());
  }
  Target target{*kind, std::string(id), {}};
  const fs::path folder = config.project_root / "assets" / assets::folder_name(*kind);
  const assets::CatalogEntry* entry = catalog.find(id);
  const assets::Problem* problem = catalog.problem_for(id);
  if (entry != nullptr && !entry->record.builtin) {
    if (entry->record.meta.kind != *kind) {
      return fail(Code::invalid_argument,
                  "asset " + target.id + " is a "
                      + std::string(assets::to_string(entry->record.meta.kind)) + " ("
                      + entry->record.source_path + "), not a "
                      + std::string(assets::to_string(*kind)));
    }
    target.path = entry->record.source_path;
  } else if (problem != nullptr && fs::path(problem->path).parent_path() == folder) {
    target.path = problem->path;
  } else {
    target.path = folder / assets::skeleton_file_name(*kind, id);
  }
  for (const assets::CatalogEntry& other : catalog.entries()) {
    if (other.record.source_path == target.path.string() && other.record.meta.id != id) {
      return fail(Code::conflict,
                  target.path.string() + " holds asset " + other.record.meta.id
                      + "; choose another id or edit that asset");
    }
  }
  return target;
}

// Problems that `proposed` has and `before` had not, in the workflows and
// compositions other than `id`.
std::vector<std::string> new_dependent_issues(const assets::AssetCatalog& before,
                                              const assets::AssetCatalog& proposed,
                                              const std::string& id) {
  std::vector<std::string> out;
  for (const assets::CatalogEntry& entry : proposed.entries()) {
    const auto kind = entry.record.meta.kind;
    if (entry.record.meta.id == id
        || (kind != assets::AssetKind::workflow && kind != assets::AssetKind::composition)) {
      continue;
    }
    std::vector<std::string> old;
    if (const assets::CatalogEntry* was = before.find(entry.record.meta.id)) {
      old = catalog_issues(*was, before);
    }
    for (std::string& issue : catalog_issues(entry, proposed)) {
      if (std::find(old.begin(), old.end(), issue) == old.end()) {
        out.push_back(std::move(issue));
      }
    }
  }
  return out;
}

// Compiler, reader and catalog checks of `source` as the file `target.path`.
Result<AssetCheck> check_proposal(const ServiceConfig& config,
                                  const Target& target,
                                  std::string_view source,
                                  const assets::AssetCatalog& catalog) {
  auto report = assets::check_asset_source(source, target.path, compiler_setup(config));
  if (!report) {
    return fail(std::move(report).error());
  }
  AssetCheck check = to_result(std::move(*report));
  check.id = target.id;
  check.kind = std::string(assets::to_string(target.kind));
  assets::Diagnostic diagnostic;
  auto parsed = assets::read_asset_source(source, target.path.string(), &diagnostic);
  if (!parsed) {
    return check;
  }
  if (parsed->meta.id != target.id) {
    check.issues.push_back("META declares id " + parsed->meta.id + ", not " + target.id);
  }
  if (parsed->meta.kind != target.kind) {
    check.issues.push_back("META declares kind " + std::string(assets::to_string(parsed->meta.kind))
                           + ", not " + *check.kind);
  }
  if (!check.issues.empty()) {
    return check;
  }
  assets::AssetRecord record{parsed->meta, target.path.string(), false, false};
  const assets::AssetCatalog proposed =
      catalog.with_asset(assets::CatalogEntry{std::move(record), std::move(*parsed)});
  check.issues = catalog_issues(*proposed.find(target.id), proposed);
  check.dependent_issues = new_dependent_issues(catalog, proposed, target.id);
  return check;
}

// The hash of the file's content, std::nullopt when there is no file.
Result<std::optional<std::string>> current_hash(const fs::path& path) {
  auto text = base::read_text_file(path);
  if (!text) {
    if (text.error().code == Code::not_found) {
      return std::optional<std::string>();
    }
    return fail(std::move(text).error());
  }
  return std::optional<std::string>(hash_of_source(*text));
}

// failed_precondition unless the file is in the state the writer expects.
Result<void> check_expected(const Target& target,
                            const std::optional<std::string>& current,
                            const std::optional<std::string>& expected) {
  if (current && !expected) {
    return fail(Code::failed_precondition,
                "asset " + target.id + " already exists (" + target.path.string() + ", source_hash "
                    + *current + "); give that hash as expected_hash to replace it");
  }
  if (!current && expected) {
    return fail(Code::failed_precondition,
                "asset " + target.id + " has no file to replace at " + target.path.string()
                    + " (expected source_hash " + *expected + ")");
  }
  if (current && *current != *expected) {
    return fail(Code::failed_precondition,
                "asset " + target.id + " has changed: its source_hash is " + *current
                    + ", not the expected " + *expected);
  }
  return {};
}

// An exclusive flock on a directory: writers of one asset folder, in any
// process, take turns between comparing the hash and renaming the new file.
class FolderLock {
 public:
  static Result<FolderLock> acquire(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      return fail(errno_error(errno, dir.string()));
    }
    while (::flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        const int saved = errno;
        ::close(fd);
        return fail(errno_error(saved, dir.string()));
      }
    }
    return FolderLock(fd);
  }

  FolderLock(FolderLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

  FolderLock& operator=(FolderLock&&) = delete;
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  ~FolderLock() {
    if (fd_ >= 0) {
      ::close(fd_);  // releases the lock
    }
  }

 private:
  explicit FolderLock(int fd) : fd_(fd) {}

  int fd_ = -1;
};

// Under the folder lock: the precondition again (another writer may have
// won the race while this text was compiled), then the atomic publication.
Result<void> publish(const Target& target,
                     std::string_view source,
                     const std::optional<std::string>& expected) {
  if (auto made = base::make_directories(target.path.parent_path()); !made) {
    return made;
  }
  auto lock = FolderLock::acquire(target.path.parent_path());
  if (!lock) {
    return fail(std::move(lock).error());
  }
  auto current = current_hash(target.path);
  if (!current) {
    return fail(std::move(current).error());
  }
  if (auto ok = check_expected(target, *current, expected); !ok) {
    return ok;
  }
  return base::write_file_atomically(target.path, source);
}

}  // namespace

Result<AssetSource> Service::assets_source(std::string_view id) const {
  const assets::AssetCatalog catalog = scan_catalog(config_);
  AssetSource out;
  out.id = std::string(id);
  if (const assets::CatalogEntry* entry = catalog.find(id)) {
    out.kind = std::string(assets::to_string(entry->record.meta.kind));
    out.path = entry->record.source_path;
    out.builtin = entry->record.builtin;
  } else if (const assets::Problem* problem = catalog.problem_for(id)) {
    const auto kind =
        assets::parse_asset_kind(fs::path(problem->path).parent_path().filename().string());
    out.kind = kind ? std::string(assets::to_string(*kind)) : std::string();
    out.path = problem->path;
    out.problem = problem_text(*problem);
  } else {
    return fail(catalog.explain_missing(id, "asset")).about(Subject::asset, id);
  }
  auto text = base::read_text_file(out.path);
  if (!text) {
    return fail(std::move(text).error());
  }
  out.source_hash = hash_of_source(*text);
  out.source = std::move(*text);
  return out;
}

Result<AssetCheck> Service::assets_validate(const AssetProposal& proposal) const {
  const assets::AssetCatalog catalog = scan_catalog(config_);
  auto target = resolve_target(config_, catalog, proposal.kind, proposal.id);
  if (!target) {
    return fail(std::move(target).error());
  }
  return check_proposal(config_, *target, proposal.source, catalog);
}

Result<AssetWriteResult> Service::assets_write(const AssetWriteRequest& request) const {
  const assets::AssetCatalog catalog = scan_catalog(config_);
  auto target = resolve_target(config_, catalog, request.kind, request.id);
  if (!target) {
    return fail(std::move(target).error());
  }
  auto current = current_hash(target->path);
  if (!current) {
    return fail(std::move(current).error());
  }
  if (auto ok = check_expected(*target, *current, request.expected_hash); !ok) {
    return fail(std::move(ok).error());
  }
  auto check = check_proposal(config_, *target, request.source, catalog);
  if (!check) {
    return fail(std::move(check).error());
  }
  AssetWriteResult out;
  out.id = target->id;
  out.kind = std::string(assets::to_string(target->kind));
  out.path = target->path.string();
  out.previous_hash = *current;
  out.source_hash = *current;
  out.check = std::move(*check);
  if (!out.check.ok()) {
    return out;
  }
  if (auto published = publish(*target, request.source, request.expected_hash); !published) {
    return fail(std::move(published).error());
  }
  out.written = true;
  out.created = !current->has_value();
  out.source_hash = hash_of_source(request.source);
  return out;
}

}  // namespace lf::core
