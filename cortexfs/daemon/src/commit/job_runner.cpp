#include "commit/job_runner.hpp"

#include <algorithm>
#include <array>

#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

constexpr std::array<std::string_view, 5> kJobFields = {"text", "from", "to", "input", "kind"};

std::map<std::string, std::string, std::less<>> parse_lines(std::string_view text) {
  std::map<std::string, std::string, std::less<>> values;
  for (const auto& line : split_lines(text, "\n")) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) {
      values[std::string(trim(line.substr(0, eq)))] = std::string(trim(line.substr(eq + 1)));
    }
  }
  return values;
}

std::string value_or(const JobSpec& spec, std::string_view key, std::string_view fallback) {
  auto it = spec.values.find(key);
  return it != spec.values.end() ? it->second : std::string(fallback);
}

std::string translate(std::string_view text) {
  if (text == "hello world") {
    return "你好，世界";
  }
  if (text == "good morning") {
    return "早上好";
  }
  return std::string(text);
}

}  // namespace

std::string default_job_spec() {
  return "kind=translate\nfrom=auto\nto=zh\nout=json\nfields=text,from,to\n";
}

std::string default_hook_spec(std::string_view hook_id) {
  return "kind=job\njob=" + std::string(hook_id) + "\n";
}

bool valid_hook_trigger(std::string_view trigger) {
  return trigger == "manual" || trigger == "systemd.timer" || trigger == "cron"
         || trigger == "git.pre-commit";
}

Result<JobSpec> parse_job_spec(std::string_view text) {
  JobSpec spec;
  spec.values = parse_lines(text);
  if (value_or(spec, "kind", "translate") != "translate") {
    return fail(Code::invalid_argument, "job kind must be translate");
  }
  if (value_or(spec, "out", "json") != "json") {
    return fail(Code::invalid_argument, "job out must be json");
  }
  spec.fields = split_lines(value_or(spec, "fields", "text,from,to"), ",");
  if (spec.fields.empty()) {
    return fail(Code::invalid_argument, "job fields must not be empty");
  }
  for (const auto& field : spec.fields) {
    if (std::find(kJobFields.begin(), kJobFields.end(), field) == kJobFields.end()) {
      return fail(Code::invalid_argument, "unknown job field: " + field);
    }
  }
  return spec;
}

std::string run_job(const JobSpec& spec, std::string_view request) {
  const std::string input(trim(request));
  std::string out = "{";
  for (std::size_t i = 0; i < spec.fields.size(); ++i) {
    const auto& field = spec.fields[i];
    std::string value;
    if (field == "text") {
      value = translate(input);
    } else if (field == "input") {
      value = input;
    } else if (field == "from") {
      value = value_or(spec, "from", "auto");
    } else if (field == "to") {
      value = value_or(spec, "to", "zh");
    } else {
      value = value_or(spec, "kind", "translate");
    }
    out += (i == 0 ? "" : ",") + json_quote(field) + ":" + json_quote(value);
  }
  return out + "}\n";
}

std::string hook_job_spec(std::string_view job_spec, std::string_view hook_spec) {
  auto values = parse_lines(job_spec);
  for (const auto& [key, value] : parse_lines(hook_spec)) {
    if (key != "kind" && key != "job") {
      values[key] = value;
    }
  }
  std::string text;
  for (const auto& [key, value] : values) {
    text += key + "=" + value + "\n";
  }
  return text;
}

}  // namespace lf::ctxfs
