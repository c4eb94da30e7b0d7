// libFuzzer target: the PUT /api/policies body (gateway/policies/policies.cpp), through the rules
// compiler it validates with. Any bytes either are refused with a 4xx common::Error, or give a
// request that can be stored and run: base_version >= 0, a comment within its limit and without
// NUL, and rules that compile and dump without any NUL escape (jsonb refuses \u0000); a refusal's
// error body is valid JSON (its message quotes the input).
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/error/error.hpp"
#include "common/policy/rules.hpp"
#include "gateway/policies/policies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return 0;
  try {
    const auto request = gateway::policies::parse_save_request(parsed);
    if (request.base_version < 0) std::abort();
    if (request.comment.size() > gateway::policies::kMaxCommentBytes ||
        request.comment.find('\0') != std::string::npos) {
      std::abort();
    }
    if (request.rules.dump().find("\\u0000") != std::string::npos) std::abort();
    (void)common::policy::compile_rules(request.rules);  // throws (a crash here) if it does not
  } catch (const common::Error& e) {
    if (e.http_status() < 400 || e.http_status() >= 500) std::abort();
    // The refusal must be writable as the JSON error body (its message quotes the input).
    try {
      (void)common::error_body(e, "fuzz").dump();
    } catch (const nlohmann::json::exception&) {
      std::abort();
    }
  }
  return 0;
}
