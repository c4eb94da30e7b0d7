// libFuzzer target: the POST /api/ask body (gateway/ask/validation.cpp). Any bytes either become
// a common::Error with a 4xx status, or an AskRequest within the documented limits.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/error/error.hpp"
#include "common/ids/ids.hpp"
#include "common/text/utf8.hpp"
#include "gateway/ask/validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    const auto request = gateway::ask::parse_ask(body);
    const auto length = common::text::utf8_length(request.question);
    if (!length || *length == 0 || *length > gateway::ask::kMaxQuestionChars) std::abort();
    if (request.store_id && *request.store_id < 1) std::abort();
    if (request.conversation_id && !common::ids::is_uuid(*request.conversation_id)) std::abort();
  } catch (const common::Error& e) {
    if (e.http_status() < 400 || e.http_status() >= 500) std::abort();
  }
  return 0;
}
