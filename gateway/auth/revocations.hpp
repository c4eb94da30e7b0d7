// gateway/auth/revocations.hpp — tokens signed out before they expire (POST /api/auth/logout).
// In: a token's revocation key (its `jti`; the signature for a token without one). Out: whether
// it was revoked. The list lives in PostgreSQL (revoked_tokens) so every gateway instance sees
// it; each instance keeps (1) the keys it revoked itself, refused from the moment revoke()
// returns, and (2) for `cache_ttl`, which keys it found not revoked, so a busy token costs one
// query per TTL. A logout on another instance takes effect here within that TTL.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/db/pool.hpp"
#include "common/time/clock.hpp"
#include "gateway/auth/jwt.hpp"

namespace gateway::auth {

// The boundary: the real list reads PostgreSQL, tests may use a fake.
class DenyList {
 public:
  virtual ~DenyList() = default;
  virtual bool is_revoked(const std::string& key,
                          std::chrono::system_clock::time_point expires) = 0;
};

class PgDenyList final : public DenyList {
 public:
  PgDenyList(common::db::ConnectionPool& pool, const common::Clock& clock,
             std::chrono::milliseconds cache_ttl);
  bool is_revoked(const std::string& key, std::chrono::system_clock::time_point expires) override;
  // Writes the revocation, then refuses key on this instance. Idempotent.
  void revoke(const std::string& key, long long user_id,
              std::chrono::system_clock::time_point expires);

 private:
  void forget_expired(std::chrono::system_clock::time_point now);

  common::db::ConnectionPool& pool_;
  const common::Clock& clock_;
  std::chrono::milliseconds cache_ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::chrono::system_clock::time_point> revoked_;  // → expiry
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> not_revoked_;
};

// The key a logout revokes: the token's jti, or for a token without one its signature.
std::string revocation_key(std::string_view token, const Claims& claims);

}  // namespace gateway::auth
