// gateway/auth/users.hpp — the app_users table as the gateway needs it: find a user to log in,
// and re-check a token's user on every request (a disabled user or changed stores take effect
// within the cache TTL).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/db/pool.hpp"
#include "common/time/clock.hpp"

namespace gateway::auth {

struct UserRecord {
  long long user_id = 0;
  std::string username;
  std::string password_hash;
  std::string role;
  bool is_all_stores = false;
  bool disabled = false;
  std::vector<int> store_ids;  // from app_user_store_access (is_all_stores users may ask any)
  long long org_id = 0;
};

// The boundary: the real one reads PostgreSQL, tests may use a fake.
class UserDirectory {
 public:
  virtual ~UserDirectory() = default;
  // Any organisation's user (logging in: the organisation is not known yet).
  virtual std::optional<UserRecord> by_username(std::string_view username) = 0;
  // The user of this organisation with this id; nullopt when there is none (in particular when
  // the user belongs to another organisation).
  virtual std::optional<UserRecord> by_id(long long org_id, long long user_id) = 0;
};

class PgUserDirectory final : public UserDirectory {
 public:
  PgUserDirectory(common::db::ConnectionPool& pool, const common::Clock& clock,
                  std::chrono::milliseconds cache_ttl);
  // Through app_login_lookup(), the one read of app_users not scoped to an organisation.
  std::optional<UserRecord> by_username(std::string_view username) override;
  // Cached for cache_ttl (the per-request re-check); read in the organisation's scope.
  std::optional<UserRecord> by_id(long long org_id, long long user_id) override;

 private:
  common::db::ConnectionPool& pool_;
  const common::Clock& clock_;
  std::chrono::milliseconds cache_ttl_;
  struct Cached {
    std::optional<UserRecord> record;
    std::chrono::steady_clock::time_point at;
  };
  std::mutex mutex_;
  std::map<std::pair<long long, long long>, Cached> cache_;  // by (org, user)
};

}  // namespace gateway::auth
