#include "gateway/auth/users.hpp"

#include <charconv>

#include "gateway/server/db.hpp"

namespace gateway::auth {

std::vector<int> parse_int_array(std::string_view text) {
  std::vector<int> out;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return out;
  text = text.substr(1, text.size() - 2);
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    int value = 0;
    const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec == std::errc() && ptr == item.data() + item.size()) out.push_back(value);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

PgUserDirectory::PgUserDirectory(common::db::ConnectionPool& pool, const common::Clock& clock,
                                 std::chrono::milliseconds cache_ttl)
    : pool_(pool), clock_(clock), cache_ttl_(cache_ttl) {}

std::optional<UserRecord> PgUserDirectory::query(bool by_name, std::string_view username,
                                                 long long user_id) {
  static constexpr const char* kSelect =
      "SELECT u.user_id, u.username, u.password_hash, u.role, u.is_all_stores, u.disabled, "
      "  (SELECT coalesce(array_agg(store_id ORDER BY store_id), '{}') "
      "   FROM app_user_store_access a WHERE a.user_id = u.user_id) "
      "FROM app_users u ";
  return db::with_connection(pool_, [&](pqxx::connection& conn) -> std::optional<UserRecord> {
    pqxx::nontransaction tx(conn);
    const pqxx::result rows =
        by_name
            ? tx.exec_params(std::string(kSelect) + "WHERE u.username = $1", std::string(username))
            : tx.exec_params(std::string(kSelect) + "WHERE u.user_id = $1", user_id);
    if (rows.empty()) return std::nullopt;
    const auto& row = rows[0];
    UserRecord user;
    user.user_id = row[0].as<long long>();
    user.username = row[1].c_str();
    user.password_hash = row[2].c_str();
    user.role = row[3].c_str();
    user.is_all_stores = row[4].as<bool>();
    user.disabled = row[5].as<bool>();
    user.store_ids = parse_int_array(row[6].c_str());
    return user;
  });
}

std::optional<UserRecord> PgUserDirectory::by_username(std::string_view username) {
  return query(true, username, 0);
}

std::optional<UserRecord> PgUserDirectory::by_id(long long user_id) {
  const auto now = clock_.steady_now();
  if (cache_ttl_.count() > 0) {
    const std::lock_guard lock(mutex_);
    if (const auto it = cache_.find(user_id);
        it != cache_.end() && now - it->second.at < cache_ttl_) {
      return it->second.record;
    }
  }
  auto record = query(false, {}, user_id);
  if (cache_ttl_.count() > 0) {
    const std::lock_guard lock(mutex_);
    if (cache_.size() > 10000) cache_.clear();
    cache_[user_id] = Cached{record, now};
  }
  return record;
}

}  // namespace gateway::auth
