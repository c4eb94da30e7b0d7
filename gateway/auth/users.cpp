#include "gateway/auth/users.hpp"

#include <charconv>

#include "common/db/org_transaction.hpp"
#include "common/db/pg_array.hpp"
#include "gateway/server/db.hpp"

namespace gateway::auth {

PgUserDirectory::PgUserDirectory(common::db::ConnectionPool& pool, const common::Clock& clock,
                                 std::chrono::milliseconds cache_ttl)
    : pool_(pool), clock_(clock), cache_ttl_(cache_ttl) {}

namespace {

// The columns both reads return, in this order: user_id, org_id, username, password_hash, role,
// is_all_stores, disabled, store_ids.
UserRecord user_of(const pqxx::row& row) {
  UserRecord user;
  user.user_id = row[0].as<long long>();
  user.org_id = row[1].as<long long>();
  user.username = row[2].c_str();
  user.password_hash = row[3].c_str();
  user.role = row[4].c_str();
  user.is_all_stores = row[5].as<bool>();
  user.disabled = row[6].as<bool>();
  user.store_ids = common::db::parse_int_array(row[7].c_str());
  return user;
}

}  // namespace

std::optional<UserRecord> PgUserDirectory::by_username(std::string_view username) {
  return db::with_connection(pool_, [&](pqxx::connection& conn) -> std::optional<UserRecord> {
    // Before a login the organisation is unknown, and RLS shows no user to an unscoped read: the
    // SECURITY DEFINER function answers for this one username only (see the migration
    // 20261206000100_orgs_row_level_security.sql for why a function and not a policy).
    pqxx::nontransaction tx(conn);
    const pqxx::result rows = tx.exec_params(
        "SELECT user_id, org_id, username, password_hash, role, is_all_stores, disabled, "
        "store_ids FROM app_login_lookup($1)",
        std::string(username));
    if (rows.empty()) return std::nullopt;
    return user_of(rows[0]);
  });
}

std::optional<UserRecord> PgUserDirectory::by_id(long long org_id, long long user_id) {
  const auto now = clock_.steady_now();
  const auto key = std::pair{org_id, user_id};
  if (cache_ttl_.count() > 0) {
    const std::lock_guard lock(mutex_);
    if (const auto it = cache_.find(key); it != cache_.end() && now - it->second.at < cache_ttl_) {
      return it->second.record;
    }
  }
  auto record =
      db::with_connection(pool_, [&](pqxx::connection& conn) -> std::optional<UserRecord> {
        common::db::OrgTransaction tx(conn, org_id);
        const pqxx::result rows = tx.exec_params(
            "SELECT u.user_id, u.org_id, u.username, u.password_hash, u.role, u.is_all_stores, "
            "  u.disabled, (SELECT coalesce(array_agg(store_id ORDER BY store_id), '{}') "
            "   FROM app_user_store_access a WHERE a.user_id = u.user_id) "
            "FROM app_users u WHERE u.user_id = $1",
            user_id);
        tx.commit();
        if (rows.empty()) return std::nullopt;
        return user_of(rows[0]);
      });
  if (cache_ttl_.count() > 0) {
    const std::lock_guard lock(mutex_);
    if (cache_.size() > 10000) cache_.clear();
    cache_[key] = Cached{record, now};
  }
  return record;
}

}  // namespace gateway::auth
