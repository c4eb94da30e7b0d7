#include "gateway/ask/validation.hpp"

#include <algorithm>
#include <cctype>

#include "common/error/error.hpp"
#include "common/ids/ids.hpp"
#include "common/text/utf8.hpp"

namespace gateway::ask {
namespace {

using common::Error;
using nlohmann::json;

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u == 0x7F;
  });
}

}  // namespace

AskRequest validate_ask(const json& body) {
  if (!body.is_object()) throw Error::bad_request("request body must be a JSON object");
  AskRequest out;

  const auto question = body.find("question");
  if (question == body.end() || question->is_null()) {
    throw Error::invalid_field("question", "question is required");
  }
  if (!question->is_string()) throw Error::invalid_field("question", "question must be a string");
  const std::string_view text = trim(question->get_ref<const std::string&>());
  const auto length = common::text::utf8_length(text);
  if (!length) throw Error::invalid_field("question", "question must be valid UTF-8 text");
  if (*length == 0) throw Error::invalid_field("question", "question must not be empty");
  if (*length > kMaxQuestionChars) {
    throw Error::invalid_field("question", "question must be at most 1000 characters");
  }
  if (has_control_characters(text)) {
    throw Error::invalid_field("question", "question must not contain control characters");
  }
  out.question = std::string(text);

  if (const auto store = body.find("store_id"); store != body.end() && !store->is_null()) {
    if (!store->is_number_integer()) {
      throw Error::invalid_field("store_id", "store_id must be an integer");
    }
    // is_number_integer covers both signed and unsigned storage; compare without overflow.
    const bool positive = store->is_number_unsigned() ? store->get<unsigned long long>() >= 1
                                                      : store->get<long long>() >= 1;
    const bool fits = store->is_number_unsigned()
                          ? store->get<unsigned long long>() <= 2147483647ULL
                          : store->get<long long>() <= 2147483647LL;
    if (!positive || !fits) {
      throw Error::invalid_field("store_id", "store_id must be an integer of at least 1");
    }
    out.store_id = store->get<int>();
  }

  if (const auto conversation = body.find("conversation_id");
      conversation != body.end() && !conversation->is_null()) {
    if (!conversation->is_string() ||
        !common::ids::is_uuid(conversation->get_ref<const std::string&>())) {
      throw Error::invalid_field("conversation_id", "conversation_id must be a UUID");
    }
    std::string id = conversation->get<std::string>();
    std::transform(id.begin(), id.end(), id.begin(), [](char c) {
      return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    out.conversation_id = std::move(id);
  }

  if (const auto role = body.find("role"); role != body.end() && !role->is_null()) {
    out.claimed_role = role->is_string() ? role->get<std::string>() : role->dump();
  }
  return out;
}

AskRequest parse_ask(std::string_view body) {
  if (body.size() > kMaxBodyBytes) {
    throw Error(413, "payload_too_large", "request body must be at most 64 KB");
  }
  const auto parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw Error::bad_request("request body is not valid JSON");
  return validate_ask(parsed);
}

bool store_in_scope(int store_id, const std::vector<int>& store_ids, bool is_all_stores) {
  if (store_id < 1) return false;
  if (is_all_stores) return true;
  return std::find(store_ids.begin(), store_ids.end(), store_id) != store_ids.end();
}

}  // namespace gateway::ask
