// The files of a run's outputs/ directory: answers and errors (a file each),
// the request copies (one requests.jsonl) and the syncfs that makes a round of
// them durable. Layout: docs/run-store.md.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <boost/json.hpp>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/core/json_text.hpp>

#include "store/jsonl_log.hpp"
#include "store/run_store.hpp"

namespace lf::core {
namespace {

constexpr std::string_view kRequestsFile = "requests.jsonl";

}  // namespace

std::optional<std::string> output_stamp(const std::filesystem::path& path) {
  const auto stamp = file_stamp(path);
  if (!stamp) {
    return std::nullopt;
  }
  return std::to_string(stamp->device) + ":" + std::to_string(stamp->inode) + ":"
         + std::to_string(stamp->size) + ":" + std::to_string(stamp->mtime_ns);
}

Result<std::filesystem::path> RunStore::write_output(std::string_view run_id,
                                                     std::string_view file_name,
                                                     std::string_view content,
                                                     Durability durability) const {
  const std::filesystem::path dir = outputs_dir(run_id);
  if (auto ok = base::make_directories(dir); !ok) {
    return fail(std::move(ok).error());
  }
  const std::filesystem::path path = dir / std::string(file_name);
  auto written = durability == Durability::immediate ? base::write_file_atomically(path, content)
                                                     : base::write_file_unsynced(path, content);
  if (!written) {
    return fail(std::move(written).error());
  }
  return path;
}

std::filesystem::path RunStore::requests_path(std::string_view run_id) const {
  return outputs_dir(run_id) / kRequestsFile;
}

Result<std::filesystem::path> RunStore::keep_requests(std::string_view run_id,
                                                      const std::vector<RequestCopy>& copies,
                                                      Durability durability) const {
  const std::filesystem::path path = requests_path(run_id);
  if (auto ok = request_logs_->of(path).append(copies, durability == Durability::immediate); !ok) {
    return fail(std::move(ok).error());
  }
  return path;
}

Result<std::filesystem::path> RunStore::keep_request(std::string_view run_id,
                                                     std::string_view step_id,
                                                     int attempt,
                                                     std::string_view body,
                                                     Durability durability) const {
  return keep_requests(
      run_id, {RequestCopy{std::string(step_id), attempt, std::string(body)}}, durability);
}

Result<std::map<std::pair<std::string, int>, std::string>> RunStore::kept_requests(
    std::string_view run_id) const {
  std::map<std::pair<std::string, int>, std::string> kept;
  const std::filesystem::path dir = outputs_dir(run_id);
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    // outputs/<step>.<attempt>.request.json, as earlier versions kept them
    const std::string name = entry.path().filename().string();
    const std::size_t suffix = name.rfind(".request.json");
    const std::size_t dot = suffix == std::string::npos ? suffix : name.rfind('.', suffix - 1);
    if (suffix == std::string::npos || suffix + 13 != name.size() || dot == std::string::npos
        || dot == 0) {
      continue;
    }
    int attempt = 0;
    try {
      attempt = std::stoi(name.substr(dot + 1, suffix - dot - 1));
    } catch (const std::exception&) {
      continue;
    }
    if (auto body = base::read_text_file(entry.path())) {
      kept[{name.substr(0, dot), attempt}] = std::move(*body);
    }
  }
  auto text = base::read_text_file(dir / kRequestsFile);
  if (!text) {
    return text.error().code == Code::not_found ? Result<decltype(kept)>(std::move(kept))
                                                : fail(std::move(text).error());
  }
  // One line per (step, attempt); should a file written by an earlier
  // version hold a line twice, the newest wins.
  for (const std::string_view text_line : whole_lines(*text)) {
    if (auto copy = parse_request_line(text_line)) {
      kept[{std::move(copy->step_id), copy->attempt}] = std::move(copy->body);
    }
  }
  return kept;
}

Result<std::filesystem::path> RunStore::reuse_output(
    std::string_view run_id,
    std::string_view file_name,
    std::string_view content,
    const std::optional<std::filesystem::path>& origin,
    const std::optional<std::string>& origin_stamp,
    Durability durability) const {
  // Outputs are never edited, but a file replaced or written since its stamp
  // was taken is not reused (the stamp covers the size and mtime).
  if (!origin || !origin_stamp || output_stamp(*origin) != origin_stamp) {
    return write_output(run_id, file_name, content, durability);
  }
  const std::filesystem::path dir = outputs_dir(run_id);
  const std::filesystem::path target = dir / std::string(file_name);
  bool linked = ::link(origin->c_str(), target.c_str()) == 0;
  if (!linked && errno == EEXIST) {
    // Replacing an earlier copy (a resumed round) goes through a temp name.
    const std::filesystem::path temp = base::temp_path_for(target);
    linked = ::link(origin->c_str(), temp.c_str()) == 0;
    if (linked && ::rename(temp.c_str(), target.c_str()) != 0) {
      ::unlink(temp.c_str());
      linked = false;
    }
  }
  if (!linked) {
    return write_output(run_id, file_name, content, durability);
  }
  if (durability == Durability::immediate) {
    if (auto ok = base::sync_directory(dir); !ok) {
      return fail(std::move(ok).error());
    }
  }
  return target;
}

Result<void> RunStore::sync_outputs(std::string_view run_id) const {
  return base::sync_filesystem_of(outputs_dir(run_id));
}

}  // namespace lf::core
