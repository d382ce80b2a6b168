#pragma once

// Structured jobs (spec §5.2) and the hooks that run them (§5.3): spec
// validation and the deterministic translate fixture. Jobs are not model
// calls; they run synchronously inside the write of `req`.
// Thread-safety: pure functions.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <lightflow/base/result.hpp>

namespace lf::ctxfs {

/// A parsed job spec: key=value lines, order of `fields` kept.
struct JobSpec {
  std::map<std::string, std::string, std::less<>> values;
  std::vector<std::string> fields;
};

/// The default spec text: kind=translate, from=auto, to=zh, out=json,
/// fields=text,from,to (one per line).
std::string default_job_spec();

/// Parses and validates a spec: kind must be translate, out json, fields a
/// non-empty subset of text, from, to, input, kind. invalid_argument otherwise.
Result<JobSpec> parse_job_spec(std::string_view text);

/// out.json for `request` (trimmed): an object with exactly the spec's fields
/// in order, plus "\n". "hello world" and "good morning" are translated to
/// Chinese by a built-in table; anything else is echoed.
std::string run_job(const JobSpec& spec, std::string_view request);

/// A hook's job spec: the bound job's spec with the hook's own from, to and
/// fields (spec.<key> lines of the hook) laid over it.
std::string hook_job_spec(std::string_view job_spec, std::string_view hook_spec);

/// The default spec of a fresh hook: kind=job, job=<hook id>.
std::string default_hook_spec(std::string_view hook_id);

/// Checks a trigger: manual, systemd.timer, cron or git.pre-commit.
bool valid_hook_trigger(std::string_view trigger);

}  // namespace lf::ctxfs
