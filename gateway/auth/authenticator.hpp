// gateway/auth/authenticator.hpp — who is calling, from the bearer token only.
// In: the Authorization header. Out: the Principal the request acts for, built from a verified
// token that was not signed out (the deny-list) and re-checked against app_users: a disabled or
// deleted user, a changed role or username is refused (log in again); stores are narrowed to
// those the user still has. Never reads the request body.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time/clock.hpp"
#include "gateway/auth/jwt.hpp"
#include "gateway/auth/revocations.hpp"
#include "gateway/auth/users.hpp"

namespace gateway::auth {

struct Principal {
  long long user_id = 0;
  std::string username;
  std::string role;
  std::vector<int> store_ids;
  bool is_all_stores = false;
  long long org_id = 0;  // from app_users, re-read on every request like role and stores
};

struct AuthResult {
  std::optional<Principal> principal;  // set when the request may proceed
  // Set when the signature verified but the request is refused anyway (expired, disabled user):
  // who it claims to be, for the audit trail.
  std::optional<Identity> claimed;
  std::string reason;  // why it was refused, for logs (never sent to the client)
  // Of a token that verified: the key a logout revokes, and when the token expires.
  std::string revocation_key;
  std::chrono::system_clock::time_point expires_at{};
};

class Authenticator {
 public:
  Authenticator(const TokenCodec& codec, UserDirectory& users, DenyList& revoked,
                const common::Clock& clock);
  AuthResult authenticate(std::string_view authorization_header);

 private:
  const TokenCodec& codec_;
  UserDirectory& users_;
  DenyList& revoked_;
  const common::Clock& clock_;
};

// The token of "Bearer <token>" (scheme case-insensitive); empty when absent or malformed.
std::string_view bearer_token(std::string_view authorization_header);

}  // namespace gateway::auth
