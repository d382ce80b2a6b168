#include "providers/http_provider.hpp"

#include <cstdlib>

#include <boost/json.hpp>

#include "providers/http_client.hpp"

namespace lf::ctxfs {
namespace {

namespace json = boost::json;

constexpr std::size_t kErrorBodyLimit = 2000;

std::string_view trim_url(std::string_view text) {
  while (!text.empty()
         && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t'
             || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty()
         && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '\r'
             || text.back() == '/')) {
    text.remove_suffix(1);
  }
  return text;
}

std::uint64_t usage_field(const json::object& usage, std::string_view a, std::string_view b) {
  for (const auto key : {a, b}) {
    const auto* value = usage.if_contains(key);
    if (value != nullptr && value->is_int64() && value->get_int64() >= 0) {
      return static_cast<std::uint64_t>(value->get_int64());
    }
    if (value != nullptr && value->is_uint64()) {
      return value->get_uint64();
    }
  }
  return 0;
}

}  // namespace

Result<std::string> endpoint_url(std::string_view base_url, std::string_view format) {
  std::string_view path;
  if (format == "openai.chat") {
    path = "/chat/completions";
  } else if (format == "openai.responses") {
    path = "/responses";
  } else {
    return fail(Code::invalid_argument, "unsupported provider format: " + std::string(format));
  }
  std::string url(trim_url(base_url));
  if (url.size() < 3 || url.substr(url.size() - 3) != "/v1") {
    url += "/v1";
  }
  return url + std::string(path);
}

Result<std::string> upstream_body(std::string_view body, std::string_view model) {
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return fail(Code::invalid_argument, "invalid request: body is not a JSON object");
  }
  auto& object = parsed.get_object();
  if (!object.contains("model") && !model.empty()) {
    object["model"] = model;
  }
  return json::serialize(parsed);
}

std::string resolve_key(std::string_view keyref, std::string_view fallback) {
  constexpr std::string_view kEnv = "env:";
  if (keyref.substr(0, kEnv.size()) == kEnv) {
    const std::string name(trim_url(keyref.substr(kEnv.size())));
    const char* value = std::getenv(name.c_str());
    return value != nullptr ? std::string(value) : std::string();
  }
  return std::string(fallback);
}

Result<ProviderAnswer> http_answer(const ProviderCall& call) {
  auto url_text = endpoint_url(call.provider.url, call.format);
  if (!url_text) {
    return fail(url_text.error());
  }
  auto url = parse_http_url(*url_text);
  if (!url) {
    return fail(Code::invalid_argument, "provider transport failed: " + url.error().message);
  }
  auto body = upstream_body(call.body, call.model);
  if (!body) {
    return fail(body.error());
  }
  auto reply = http_post(*url,
                         call.provider.api_key,
                         std::move(*body),
                         call.timeouts.connect,
                         call.timeouts.total,
                         call.canceller);
  if (!reply && reply.error().code == Code::cancelled) {
    return fail(reply.error());
  }
  if (!reply) {
    return fail(reply.error().code, "provider transport failed: " + reply.error().message);
  }
  if (reply->status < 200 || reply->status > 299) {
    return fail(Code::unavailable,
                "provider transport failed: HTTP " + std::to_string(reply->status) + ": "
                    + reply->body.substr(0, kErrorBodyLimit));
  }
  boost::system::error_code ec;
  const json::value parsed = json::parse(reply->body, ec);
  if (ec || !parsed.is_object()) {
    return fail(Code::corruption,
                "invalid provider response: not a JSON object: " + reply->body.substr(0, 200));
  }
  ProviderAnswer answer;
  answer.body = std::move(reply->body);
  if (const auto* usage = parsed.get_object().if_contains("usage"); usage && usage->is_object()) {
    answer.input_tokens = usage_field(usage->get_object(), "prompt_tokens", "input_tokens");
    answer.output_tokens = usage_field(usage->get_object(), "completion_tokens", "output_tokens");
  }
  return answer;
}

}  // namespace lf::ctxfs
