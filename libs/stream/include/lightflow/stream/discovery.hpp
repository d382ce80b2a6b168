#pragma once

// How a running lfd tells other programs on this machine where it listens:
// on start it writes <runtime dir>/lfd.json ({pid, host, port, unix_socket,
// started_at}); on stop it removes the file if it is still its own. Readers
// ignore a file whose process is gone. `lf stream info` reads it.
// Thread-safety: plain functions; the file is replaced atomically.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include <lightflow/base/result.hpp>

namespace lf::stream {

/// Where one lfd listens.
struct ServerAdvert {
  std::int64_t pid = 0;
  std::optional<std::string> host;  ///< the TCP address it is bound to, without brackets
  std::optional<unsigned short> port;
  std::optional<std::string> unix_socket;  ///< a path
  std::string started_at;                  ///< RFC 3339 UTC
};

/// {pid, host, port, unix_socket, started_at}; absent values are left out.
boost::json::object to_json(const ServerAdvert& advert);

/// The file an lfd advertises itself in: <runtime_dir>/lfd.json, where
/// runtime_dir is ServiceConfig::dirs.runtime.
std::filesystem::path advert_path(const std::filesystem::path& runtime_dir);

/// Writes `advert` atomically to advert_path(runtime_dir), creating the
/// directory (mode 0700) when missing. Errors: io_error.
Result<void> advertise(const std::filesystem::path& runtime_dir, const ServerAdvert& advert);

/// Removes advert_path(runtime_dir) when it names `pid` (another lfd may
/// have replaced it since). Never fails.
void withdraw(const std::filesystem::path& runtime_dir, std::int64_t pid) noexcept;

/// The lfd advertised under `runtime_dir` whose process is alive, or
/// std::nullopt when there is none (no file, or its process has gone).
/// Errors: corruption when the file is not an advert; io_error.
Result<std::optional<ServerAdvert>> find_server(const std::filesystem::path& runtime_dir);

}  // namespace lf::stream
