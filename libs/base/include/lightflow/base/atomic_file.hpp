#pragma once

// Publishing a whole file atomically: write a uniquely named temp file in the
// target's directory, fsync it, rename it over the target, fsync the
// directory. Readers see the old or the new content, never a mixture, and a
// crash leaves at most a stray ".<name>.<token>.tmp" behind.
// Thread-safety: one AtomicFile per writer; distinct writers never share a
// temp name.

#include <sys/types.h>

#include <filesystem>
#include <string_view>

#include <lightflow/base/result.hpp>

namespace lf::base {

class AtomicFile {
 public:
  /// Creates the temp file next to `target` with permissions `mode` (before
  /// the umask), which the target keeps. Errors: errno_error on the temp path.
  static Result<AtomicFile> open(std::filesystem::path target, mode_t mode = 0644);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Discards the temp file unless commit() succeeded.
  ~AtomicFile();

  /// Appends `bytes` to the temp file.
  Result<void> write(std::string_view bytes);

  /// fsync, close, rename over the target, fsync the directory. Once only.
  Result<void> commit();

 private:
  AtomicFile(std::filesystem::path target, std::filesystem::path temp, int fd);

  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  bool committed_ = false;
};

/// `.<name>.<pid>-<hex>.tmp` beside `target`: hidden (listings skip it) and
/// unique (concurrent writers never collide).
std::filesystem::path temp_path_for(const std::filesystem::path& target);

/// AtomicFile::open + write + commit. `mode` as in AtomicFile::open (0600 for
/// files that hold what only their owner may read).
Result<void> write_file_atomically(const std::filesystem::path& target,
                                   std::string_view content,
                                   mode_t mode = 0644);

/// Removes `path` and fsyncs its directory, so the removal survives a power
/// loss. A missing file is fine (nothing to remove). Errors: errno_error on
/// the path, or on the directory when its fsync fails.
Result<void> remove_file_durably(const std::filesystem::path& path);

/// The same temp-and-rename publication without any fsync: readers still never
/// see half a file, but durability waits for a later syncfs (batched writes).
Result<void> write_file_unsynced(const std::filesystem::path& target, std::string_view content);

/// fsync of a directory, making renames and creations in it durable.
Result<void> sync_directory(const std::filesystem::path& dir);

/// syncfs of the filesystem holding `dir`: every write on it made durable for
/// the price of about one fsync, for a batch of files written unsynced. A
/// missing `dir` has nothing to sync.
Result<void> sync_filesystem_of(const std::filesystem::path& dir);

/// create_directories with the error as lf::Error.
Result<void> make_directories(const std::filesystem::path& dir);

/// For directories that hold private data (run records, cached answers):
/// creates `dir` and any missing parent with mode 0700 whatever the umask (as
/// the XDG base directory spec asks), and tightens an existing `dir` that
/// grants group or other users any access to 0700 when this user owns it.
/// Errors: errno_error naming the directory that could not be made.
Result<void> make_private_directories(const std::filesystem::path& dir);

}  // namespace lf::base
