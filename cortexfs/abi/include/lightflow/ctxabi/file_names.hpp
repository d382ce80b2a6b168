#pragma once

// File-name suffixes and fixed file names of the /ctx tree. Persisted: these are
// the ABI, never change one.

#include <string_view>

namespace lf::ctxabi {

/// A staged request: written, not yet committed.
inline constexpr std::string_view kStagedSuffix = ".tmp";
/// A committed request: the rename onto this name is the commit.
inline constexpr std::string_view kRequestSuffix = ".req.json";
/// The provider's answer, verbatim plus "\n".
inline constexpr std::string_view kResponseSuffix = ".resp.json";
/// The route chosen at commit time, one compact JSON line.
inline constexpr std::string_view kRouteSuffix = ".route.json";
/// "fnv1a64:<16 hex>\n", written at commit time.
inline constexpr std::string_view kFingerprintSuffix = ".fingerprint";
/// {"request_id":...,"error":...}\n when the request failed.
inline constexpr std::string_view kErrorSuffix = ".error";
/// Read blocks until the outcome exists, then returns kWaitResponse or kWaitError.
inline constexpr std::string_view kWaitSuffix = ".wait";

/// What a .wait file reads once the outcome exists.
inline constexpr std::string_view kWaitResponse = "resp\n";
inline constexpr std::string_view kWaitError = "error\n";

// Job files (home/<uid>/job/<id>/).
inline constexpr std::string_view kJobSpec = "spec";
inline constexpr std::string_view kJobRequest = "req";
inline constexpr std::string_view kJobOutput = "out.json";
inline constexpr std::string_view kJobStatus = "status";

// Hook files (home/<uid>/hook/<id>/); spec, req, out.json and status as for jobs.
inline constexpr std::string_view kHookTrigger = "trigger";
inline constexpr std::string_view kHookLast = "last";
inline constexpr std::string_view kHookLog = "log.jsonl";

// Channel files (chan/<id>/).
inline constexpr std::string_view kChannelDir = "chan";
inline constexpr std::string_view kChannelId = "id";
inline constexpr std::string_view kChannelUrl = "url";
inline constexpr std::string_view kChannelKeyref = "keyref";
inline constexpr std::string_view kChannelFormats = "fmt";
inline constexpr std::string_view kChannelModelFilter = "mod";
inline constexpr std::string_view kChannelEnabled = "enabled";
inline constexpr std::string_view kChannelStatus = "status";
inline constexpr std::string_view kChannelLocalUrl = "localurl";

}  // namespace lf::ctxabi
