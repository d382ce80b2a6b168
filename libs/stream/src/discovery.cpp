// lfd's advert file under the runtime directory (discovery.hpp).

#include <signal.h>

#include <cerrno>
#include <system_error>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/stream/discovery.hpp>

namespace lf::stream {
namespace {

std::optional<std::string> text_member(const boost::json::object& json, std::string_view key) {
  const auto* value = json.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->get_string());
}

Result<ServerAdvert> advert_from(const boost::json::value& json, const std::string& where) {
  const auto* object = json.if_object();
  const auto* pid = object != nullptr ? object->if_contains("pid") : nullptr;
  if (pid == nullptr || !pid->is_int64() || pid->get_int64() <= 0) {
    return fail(Code::corruption, where + ": not an lfd advert (no pid)");
  }
  ServerAdvert advert;
  advert.pid = pid->get_int64();
  advert.host = text_member(*object, "host");
  if (const auto* port = object->if_contains("port")) {
    if (!port->is_int64() || port->get_int64() <= 0 || port->get_int64() > 65535) {
      return fail(Code::corruption, where + ": port is not a TCP port");
    }
    advert.port = static_cast<unsigned short>(port->get_int64());
  }
  advert.unix_socket = text_member(*object, "unix_socket");
  advert.started_at = text_member(*object, "started_at").value_or("");
  return advert;
}

bool process_alive(std::int64_t pid) {
  // EPERM: it exists but belongs to someone else, which an lfd of ours
  // cannot; treat it as gone only on ESRCH.
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

boost::json::object to_json(const ServerAdvert& advert) {
  boost::json::object json{{"pid", advert.pid}};
  if (advert.host) {
    json["host"] = *advert.host;
  }
  if (advert.port) {
    json["port"] = *advert.port;
  }
  if (advert.unix_socket) {
    json["unix_socket"] = *advert.unix_socket;
  }
  json["started_at"] = advert.started_at;
  return json;
}

std::filesystem::path advert_path(const std::filesystem::path& runtime_dir) {
  return runtime_dir / "lfd.json";
}

Result<void> advertise(const std::filesystem::path& runtime_dir, const ServerAdvert& advert) {
  if (auto made = base::make_private_directories(runtime_dir); !made) {
    return made;
  }
  return base::write_file_unsynced(advert_path(runtime_dir),
                                   boost::json::serialize(to_json(advert)) + "\n");
}

void withdraw(const std::filesystem::path& runtime_dir, std::int64_t pid) noexcept {
  try {
    const auto path = advert_path(runtime_dir);
    auto text = base::read_text_file(path);
    if (!text) {
      return;
    }
    boost::system::error_code ec;
    const auto json = boost::json::parse(*text, ec);
    if (ec) {
      return;
    }
    auto advert = advert_from(json, path.string());
    if (advert && advert->pid == pid) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  } catch (...) {
    // Withdrawing is best effort: a stale advert is recognised by its pid.
  }
}

Result<std::optional<ServerAdvert>> find_server(const std::filesystem::path& runtime_dir) {
  const auto path = advert_path(runtime_dir);
  auto text = base::read_text_file(path);
  if (!text) {
    if (text.error().code == Code::not_found) {
      return std::optional<ServerAdvert>();
    }
    return fail(std::move(text).error());
  }
  boost::system::error_code ec;
  const auto json = boost::json::parse(*text, ec);
  if (ec) {
    return fail(Code::corruption, path.string() + ": " + ec.message());
  }
  auto advert = advert_from(json, path.string());
  if (!advert) {
    return fail(std::move(advert).error());
  }
  if (!process_alive(advert->pid)) {
    return std::optional<ServerAdvert>();
  }
  return std::optional<ServerAdvert>(std::move(*advert));
}

}  // namespace lf::stream
