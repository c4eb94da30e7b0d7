// gateway/ask/validation.hpp — the body of POST /api/ask, checked before anything else sees it.
// In: the parsed JSON object. Out: AskRequest, or common::Error 422 `invalid_field` naming the
// field (question 1–1000 characters of valid text, store_id an integer ≥ 1, conversation_id a
// UUID). The caller's role and stores never come from here: a body `role` is only reported (for
// the log), never used.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gateway::ask {

inline constexpr size_t kMaxQuestionChars = 1000;
inline constexpr size_t kMaxBodyBytes = 64 * 1024;

struct AskRequest {
  std::string question;  // trimmed
  std::optional<int> store_id;
  std::optional<std::string> conversation_id;  // lower-case UUID
  std::optional<std::string> claimed_role;     // a body `role`, never trusted
};

// Throws common::Error (422 invalid_field) on the first invalid field.
AskRequest validate_ask(const nlohmann::json& body);

// Parses raw bytes as the endpoint does (400 when not a JSON object) and validates them.
AskRequest parse_ask(std::string_view body);

// Whether store_id may be used by a caller with these stores.
bool store_in_scope(int store_id, const std::vector<int>& store_ids, bool is_all_stores);

}  // namespace gateway::ask
