// gateway/auth/login_request.hpp — the body of POST /api/auth/login, checked before anything
// uses it (the rate limiters' keys, the database, the password hash).
// In: the parsed JSON object. Out: LoginRequest, or common::Error 422 `invalid_field`. A
// username is 1–64 bytes of valid UTF-8 with no control character (so "manager_store1\u0000x" is
// refused here, not truncated at the NUL by the database driver into someone's name); a password
// is 1–256 bytes. A malformed username is refused with 422 rather than 401: the rule is public
// and syntactic, so the answer says nothing about which accounts exist, and it never reaches the
// database or an argon2id verification.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gateway::auth {

inline constexpr size_t kMaxUsernameBytes = 64;
inline constexpr size_t kMaxPasswordBytes = 256;

struct LoginRequest {
  std::string username;
  std::string password;
};

// Throws common::Error 422 naming the field.
LoginRequest validate_login(const nlohmann::json& body);

// 1–64 bytes of valid UTF-8 without control characters (C0, DEL, C1).
bool is_valid_username(std::string_view name);

}  // namespace gateway::auth
