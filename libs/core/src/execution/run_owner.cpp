#include "execution/run_owner.hpp"

#include <unistd.h>

#include <boost/json.hpp>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>

namespace lf::core {
namespace {

constexpr const char* kOwnerFile = "executor.json";

std::optional<std::int64_t> whole_number(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_number()) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  const auto number = value->to_number<std::int64_t>(ec);
  return ec ? std::nullopt : std::optional(number);
}

}  // namespace

boost::json::object exec_options_json(const ExecOptions& options) {
  boost::json::object out{
      {"max_parallel", options.max_parallel},
      {"cache", options.cache == CacheMode::bypass ? "bypass" : "use"},
  };
  if (options.step_timeout) {
    out["step_timeout_ms"] = options.step_timeout->count();
  }
  if (options.max_attempts) {
    out["max_attempts"] = *options.max_attempts;
  }
  return out;
}

ExecOptions exec_options_from_json(const boost::json::object& object) {
  ExecOptions options;
  if (const auto parallel = whole_number(object, "max_parallel"); parallel && *parallel >= 1) {
    options.max_parallel = static_cast<std::size_t>(*parallel);
  }
  if (const auto timeout = whole_number(object, "step_timeout_ms"); timeout && *timeout >= 0) {
    options.step_timeout = std::chrono::milliseconds(*timeout);
  }
  if (const auto attempts = whole_number(object, "max_attempts"); attempts && *attempts > 0) {
    options.max_attempts = static_cast<int>(*attempts);
  }
  const boost::json::value* cache = object.if_contains("cache");
  if (cache != nullptr && cache->is_string() && cache->get_string() == "bypass") {
    options.cache = CacheMode::bypass;
  }
  return options;
}

Result<void> record_run_owner(const std::filesystem::path& run_dir, const RunOwner& owner) {
  const boost::json::object record{{"owner", owner.owner},
                                   {"options", exec_options_json(owner.options)}};
  return base::write_file_atomically(run_dir / kOwnerFile, boost::json::serialize(record) + "\n");
}

std::optional<RunOwner> read_run_owner(const std::filesystem::path& run_dir) {
  auto text = base::read_text_file(run_dir / kOwnerFile);
  if (!text) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  const boost::json::value record = boost::json::parse(*text, ec);
  const boost::json::object* object = ec ? nullptr : record.if_object();
  const boost::json::value* owner = object != nullptr ? object->if_contains("owner") : nullptr;
  if (owner == nullptr || !owner->is_string()) {
    return std::nullopt;
  }
  RunOwner out{std::string(owner->get_string()), {}};
  if (const auto* options = object->if_contains("options");
      options != nullptr && options->is_object()) {
    out.options = exec_options_from_json(options->get_object());
  }
  return out;
}

void clear_run_owner(const std::filesystem::path& run_dir) {
  ::unlink((run_dir / kOwnerFile).c_str());
}

}  // namespace lf::core
