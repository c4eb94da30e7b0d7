#include "gateway/saved/saved_questions.hpp"

#include "gateway/server/db.hpp"

namespace gateway::saved {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "saved_id, title, question, source_request_id, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(last_run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "last_status, last_request_id";

json text_or_null(const pqxx::field& f) { return f.is_null() ? json(nullptr) : json(f.c_str()); }

json item_of(const pqxx::row& row) {
  return {{"saved_id", row[0].as<long long>()},  {"title", row[1].c_str()},
          {"question", row[2].c_str()},          {"source_request_id", text_or_null(row[3])},
          {"created_at", row[4].c_str()},        {"last_run_at", text_or_null(row[5])},
          {"last_status", text_or_null(row[6])}, {"last_request_id", text_or_null(row[7])}};
}

}  // namespace

json list(common::db::ConnectionPool& pool, const Owner& owner) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::UserTransaction tx(conn, owner.org_id, owner.user_id);
    json out = json::array();
    for (const auto& row : tx.exec(std::string("SELECT ") + kColumns +
                                   " FROM saved_questions ORDER BY saved_id DESC")) {
      out.push_back(item_of(row));
    }
    tx.commit();
    return out;
  });
}

std::optional<json> find(common::db::ConnectionPool& pool, const Owner& owner, long long saved_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<json> {
    common::db::UserTransaction tx(conn, owner.org_id, owner.user_id);
    const auto rows = tx.exec_params(
        std::string("SELECT ") + kColumns + " FROM saved_questions WHERE saved_id = $1", saved_id);
    tx.commit();
    if (rows.empty()) return std::nullopt;
    return item_of(rows[0]);
  });
}

std::optional<json> add(common::db::ConnectionPool& pool, const Owner& owner,
                        const std::string& title, const std::string& question,
                        const std::optional<std::string>& source_request_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<json> {
    common::db::UserTransaction tx(conn, owner.org_id, owner.user_id);
    // One board at a time per user: the count and the insert see the same rows.
    tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('saved_questions'), $1::int)",
                   static_cast<int>(owner.user_id % 2147483647));
    if (tx.exec("SELECT count(*) FROM saved_questions")[0][0].as<int>() >= kMaxItemsPerUser) {
      return std::nullopt;
    }
    const char* source = source_request_id ? source_request_id->c_str() : nullptr;
    const auto rows = tx.exec_params(std::string("INSERT INTO saved_questions (title, question, "
                                                 "source_request_id) VALUES ($1, $2, $3) "
                                                 "RETURNING ") +
                                         kColumns,
                                     title, question, source);
    tx.commit();
    return item_of(rows[0]);
  });
}

bool remove(common::db::ConnectionPool& pool, const Owner& owner, long long saved_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::UserTransaction tx(conn, owner.org_id, owner.user_id);
    const auto rows =
        tx.exec_params("DELETE FROM saved_questions WHERE saved_id = $1 RETURNING 1", saved_id);
    tx.commit();
    return !rows.empty();
  });
}

std::optional<json> record_run(common::db::ConnectionPool& pool, const Owner& owner,
                               long long saved_id, const std::string& status,
                               const std::string& request_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<json> {
    common::db::UserTransaction tx(conn, owner.org_id, owner.user_id);
    const auto rows = tx.exec_params(
        std::string("UPDATE saved_questions SET last_run_at = now(), last_status = $2, "
                    "last_request_id = $3 WHERE saved_id = $1 RETURNING ") +
            kColumns,
        saved_id, status, request_id);
    tx.commit();
    if (rows.empty()) return std::nullopt;
    return item_of(rows[0]);
  });
}

}  // namespace gateway::saved
