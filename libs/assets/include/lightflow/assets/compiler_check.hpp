#pragma once

// `lf assets check`: compiles asset files with the system C++ compiler in
// syntax-only mode against the authoring header, so an author gets real type
// errors, and runs the static reader on the same files, so an asset that
// compiles but leaves the declarative subset is reported too.
// Thread-safety: each call spawns its own compiler processes.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lightflow/assets/diagnostic.hpp>
#include <lightflow/base/result.hpp>

namespace lf::assets {

/// The directory that holds lightflow/asset.hpp: $LIGHTFLOW_ASSET_INCLUDE_DIR
/// when set; else <dir of the running executable>/../include when it holds
/// the header; else the source tree's (compiled in) when it exists; else the
/// install prefix's include directory.
std::filesystem::path asset_header_include_dir();

/// The compiler command: $LIGHTFLOW_CXX when set, else "c++".
std::string asset_compiler();

/// The compiler a check runs and the include directory it compiles against.
/// A long-lived caller reads it once (lf::core keeps it in ServiceConfig).
struct CompilerSetup {
  std::string command = "c++";
  std::filesystem::path include_dir;
};

/// {asset_compiler(), asset_header_include_dir()}: read from the environment now.
CompilerSetup compiler_setup_from_environment();

struct CheckReport {
  std::string path;
  bool compiles = false;                   ///< the compiler accepted the file
  std::string compiler_output;             ///< its diagnostics (stderr), possibly empty
  std::optional<Diagnostic> reader_error;  ///< set when the static reader rejects the file

  bool ok() const { return compiles && !reader_error; }
};

/// Checks one file: `<compiler.command> -std=c++20 -fsyntax-only -Wall -Wextra
/// -I<compiler.include_dir> <path>` plus the static reader. Returns unavailable when the
/// compiler cannot be started.
Result<CheckReport> check_asset(const std::filesystem::path& path, const CompilerSetup& compiler);

/// check_asset for a text that is not (yet) a file: the text is compiled from
/// a private temporary directory under the file name of `shown_path`, which
/// the compiler output and the reader's diagnostic name instead. Nothing is
/// written beside `shown_path`. Errors: unavailable when the compiler cannot
/// be started; io_error when the temporary file cannot be written.
Result<CheckReport> check_asset_source(std::string_view source,
                                       const std::filesystem::path& shown_path,
                                       const CompilerSetup& compiler);

/// check_asset for every file, running up to one compiler per CPU at a time.
/// Reports keep the order of `paths`. Returns the first failure to start a
/// compiler, if any.
Result<std::vector<CheckReport>> check_assets(const std::vector<std::filesystem::path>& paths,
                                              const CompilerSetup& compiler);

}  // namespace lf::assets
