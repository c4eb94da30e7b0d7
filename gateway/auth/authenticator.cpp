#include "gateway/auth/authenticator.hpp"

#include <algorithm>
#include <cctype>

namespace gateway::auth {

std::string_view bearer_token(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

Authenticator::Authenticator(const TokenCodec& codec, UserDirectory& users, DenyList& revoked,
                             const common::Clock& clock)
    : codec_(codec), users_(users), revoked_(revoked), clock_(clock) {}

AuthResult Authenticator::authenticate(std::string_view header) {
  AuthResult out;
  const auto token = bearer_token(header);
  if (token.empty()) {
    out.reason = header.empty() ? "missing_token" : "not_bearer";
    return out;
  }
  const auto verification = codec_.verify(token, clock_.now());
  if (verification.claims) out.claimed = verification.claims->identity;
  if (!verification.ok()) {
    out.reason = std::string(status_name(verification.status));
    return out;
  }
  out.revocation_key = revocation_key(token, *verification.claims);
  out.expires_at =
      std::chrono::system_clock::time_point(std::chrono::seconds(verification.claims->expires_at));
  if (revoked_.is_revoked(out.revocation_key, out.expires_at)) {
    out.reason = "revoked";
    return out;
  }
  const Identity& identity = verification.claims->identity;
  const auto user = users_.by_id(identity.org_id, identity.user_id);
  if (!user) {
    out.reason = "user_unknown";
    return out;
  }
  if (user->disabled) {
    out.reason = "user_disabled";
    return out;
  }
  if (user->username != identity.username || user->role != identity.role) {
    out.reason = "identity_changed";
    return out;
  }
  Principal principal;
  principal.user_id = user->user_id;
  principal.username = user->username;
  principal.role = user->role;
  principal.org_id = user->org_id;
  principal.is_all_stores = identity.is_all_stores && user->is_all_stores;
  // Stores the token grants AND the user still has; new stores need a new login.
  for (int store : user->store_ids) {
    const bool granted = principal.is_all_stores ||
                         std::find(identity.store_ids.begin(), identity.store_ids.end(), store) !=
                             identity.store_ids.end();
    if (granted) principal.store_ids.push_back(store);
  }
  out.principal = std::move(principal);
  return out;
}

}  // namespace gateway::auth
