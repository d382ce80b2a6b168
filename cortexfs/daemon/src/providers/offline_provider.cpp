#include "providers/offline_provider.hpp"

#include <boost/json.hpp>

namespace lf::ctxfs {
namespace {

namespace json = boost::json;

constexpr std::size_t kQuoteLimit = 120;

// Text of a message's content: a string, or the text parts of an array.
std::string content_text(const json::value& content) {
  if (content.is_string()) {
    return std::string(content.get_string());
  }
  std::string text;
  if (content.is_array()) {
    for (const auto& part : content.get_array()) {
      const auto* obj = part.if_object();
      const auto* piece = obj != nullptr ? obj->if_contains("text") : nullptr;
      if (piece != nullptr && piece->is_string()) {
        text += std::string(piece->get_string());
      }
    }
  }
  return text;
}

// The last user message of a messages array (chat) or an input (responses).
std::string last_user_text(const json::value& messages) {
  if (messages.is_string()) {
    return std::string(messages.get_string());
  }
  std::string found;
  if (messages.is_array()) {
    for (const auto& message : messages.get_array()) {
      const auto* obj = message.if_object();
      if (obj == nullptr) {
        continue;
      }
      const auto* role = obj->if_contains("role");
      const auto* content = obj->if_contains("content");
      if (role != nullptr && role->is_string() && role->get_string() == "user"
          && content != nullptr) {
        found = content_text(*content);
      }
    }
  }
  return found;
}

std::uint64_t count_words(std::string_view text) {
  std::uint64_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) {
      ++words;
    }
    in_word = !space;
  }
  return words;
}

std::string summary_of(std::string_view user_text) {
  if (user_text.empty()) {
    return "[offline provider local: test/demo backend, not a model] no user message";
  }
  std::string quote(user_text.substr(0, kQuoteLimit));
  if (user_text.size() > kQuoteLimit) {
    quote += "...";
  }
  return "[offline provider local: test/demo backend, not a model] received "
         + std::to_string(count_words(user_text)) + " words: " + quote;
}

json::object chat_answer(std::string_view id,
                         const std::string& text,
                         std::uint64_t in,
                         std::uint64_t out) {
  json::object message{{"role", "assistant"}, {"content", text}};
  json::object choice{{"index", 0}, {"message", message}, {"finish_reason", "stop"}};
  return json::object{
      {"id", "chatcmpl-offline-" + std::string(id)},
      {"object", "chat.completion"},
      {"created", 0},
      {"model", kOfflineModel},
      {"provider", kOfflineProviderId},
      {"choices", json::array{choice}},
      {"usage", {{"prompt_tokens", in}, {"completion_tokens", out}, {"total_tokens", in + out}}}};
}

json::object responses_answer(std::string_view id,
                              const std::string& text,
                              std::uint64_t in,
                              std::uint64_t out) {
  json::object part{{"type", "output_text"}, {"text", text}, {"annotations", json::array{}}};
  json::object message{{"type", "message"},
                       {"id", "msg-offline-" + std::string(id)},
                       {"status", "completed"},
                       {"role", "assistant"},
                       {"content", json::array{part}}};
  return json::object{
      {"id", "resp-offline-" + std::string(id)},
      {"object", "response"},
      {"created_at", 0},
      {"status", "completed"},
      {"model", kOfflineModel},
      {"provider", kOfflineProviderId},
      {"output", json::array{message}},
      {"output_text", text},
      {"usage", {{"input_tokens", in}, {"output_tokens", out}, {"total_tokens", in + out}}}};
}

}  // namespace

Result<ProviderAnswer> offline_answer(std::string_view format,
                                      std::string_view request_id,
                                      std::string_view body) {
  const bool chat = format == "openai.chat";
  if (!chat && format != "openai.responses") {
    return fail(Code::invalid_argument, "unsupported provider format: " + std::string(format));
  }
  boost::system::error_code ec;
  const json::value request = json::parse(body, ec);
  if (ec || !request.is_object()) {
    return fail(Code::invalid_argument, "invalid request: body is not a JSON object");
  }
  const auto* messages = request.get_object().if_contains(chat ? "messages" : "input");
  const std::string user = messages != nullptr ? last_user_text(*messages) : std::string();
  const std::string text = summary_of(user);
  ProviderAnswer answer;
  answer.input_tokens = count_words(user);
  answer.output_tokens = count_words(text);
  const json::object reply =
      chat ? chat_answer(request_id, text, answer.input_tokens, answer.output_tokens)
           : responses_answer(request_id, text, answer.input_tokens, answer.output_tokens);
  answer.body = json::serialize(reply);
  return answer;
}

}  // namespace lf::ctxfs
