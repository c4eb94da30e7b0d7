#include "gateway/auth/revocations.hpp"

#include "gateway/server/db.hpp"

namespace gateway::auth {
namespace {

constexpr size_t kMaxCached = 10000;

long long epoch_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string revocation_key(std::string_view token, const Claims& claims) {
  if (!claims.jti.empty()) return claims.jti;
  const size_t dot = token.rfind('.');
  return "sig:" + std::string(dot == std::string_view::npos ? token : token.substr(dot + 1));
}

PgDenyList::PgDenyList(common::db::ConnectionPool& pool, const common::Clock& clock,
                       std::chrono::milliseconds cache_ttl)
    : pool_(pool), clock_(clock), cache_ttl_(cache_ttl) {}

void PgDenyList::forget_expired(std::chrono::system_clock::time_point now) {
  std::erase_if(revoked_, [&](const auto& entry) { return entry.second <= now; });
  if (not_revoked_.size() > kMaxCached) not_revoked_.clear();
}

bool PgDenyList::is_revoked(const std::string& key, std::chrono::system_clock::time_point expires) {
  const auto steady = clock_.steady_now();
  {
    const std::lock_guard lock(mutex_);
    if (revoked_.count(key) != 0) return true;
    if (const auto it = not_revoked_.find(key);
        it != not_revoked_.end() && steady - it->second < cache_ttl_) {
      return false;
    }
  }
  const bool revoked = db::with_connection(pool_, [&](pqxx::connection& conn) {
    pqxx::nontransaction tx(conn);
    return !tx.exec_params("SELECT 1 FROM revoked_tokens WHERE jti = $1", key).empty();
  });
  const std::lock_guard lock(mutex_);
  if (revoked_.count(key) != 0) return true;  // revoked here while we asked
  if (revoked_.size() + not_revoked_.size() > kMaxCached) forget_expired(clock_.now());
  if (revoked) {
    revoked_[key] = expires;
  } else if (cache_ttl_.count() > 0) {
    not_revoked_[key] = steady;
  }
  return revoked;
}

void PgDenyList::revoke(const std::string& key, long long user_id,
                        std::chrono::system_clock::time_point expires) {
  db::with_connection(pool_, [&](pqxx::connection& conn) {
    pqxx::work tx(conn);
    tx.exec_params(
        "INSERT INTO revoked_tokens (jti, user_id, expires_at) "
        "VALUES ($1, $2, to_timestamp($3)) ON CONFLICT (jti) DO NOTHING",
        key, user_id, epoch_seconds(expires));
    // Expired tokens are refused anyway: their entries only cost space.
    tx.exec0("DELETE FROM revoked_tokens WHERE expires_at < now() - interval '1 hour'");
    tx.commit();
  });
  const std::lock_guard lock(mutex_);
  not_revoked_.erase(key);
  revoked_[key] = expires;
  if (revoked_.size() > kMaxCached) forget_expired(clock_.now());
}

}  // namespace gateway::auth
