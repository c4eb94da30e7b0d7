#include "gateway/history/history.hpp"

#include <chrono>
#include <thread>

#include "common/ids/ids.hpp"
#include "gateway/server/db.hpp"

namespace gateway::history {

using nlohmann::json;

bool conversation_held_by_another(common::db::ConnectionPool& pool,
                                  const std::string& conversation_id, long long user_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    pqxx::read_transaction tx(conn);
    const auto rows = tx.exec_params("SELECT conversation_held_by_another($1::uuid, $2)",
                                     conversation_id, user_id);
    tx.commit();
    return rows[0][0].as<bool>();
  });
}

std::optional<json> read_conversation(common::db::ConnectionPool& pool, common::db::OrgId org,
                                      const std::string& conversation_id, long long user_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<json> {
    common::db::OrgTransaction tx(conn, org);
    const auto owner = tx.exec_params(
        "SELECT 1 FROM conversations WHERE conversation_id = $1::uuid AND user_id = $2",
        conversation_id, user_id);
    if (owner.empty()) return std::nullopt;
    const auto rows = tx.exec_params(
        "SELECT request_id, question, status, answer, sql, "
        "  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
        "FROM conversation_turns WHERE conversation_id = $1::uuid ORDER BY turn_id",
        conversation_id);
    json turns = json::array();
    for (const auto& row : rows) {
      turns.push_back({{"request_id", row[0].c_str()},
                       {"question", row[1].c_str()},
                       {"status", row[2].c_str()},
                       {"answer", row[3].is_null() ? json(nullptr) : json(row[3].c_str())},
                       {"sql", row[4].is_null() ? json(nullptr) : json(row[4].c_str())},
                       {"created_at", row[5].c_str()}});
    }
    tx.commit();
    return json{{"conversation_id", conversation_id}, {"turns", turns}};
  });
}

std::optional<long long> request_owner(common::db::ConnectionPool& pool, common::db::OrgId org,
                                       const std::string& request_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<long long> {
    common::db::OrgTransaction tx(conn, org);
    const auto rows =
        tx.exec_params("SELECT user_id FROM query_audit_logs WHERE request_id = $1", request_id);
    tx.commit();
    if (rows.empty() || rows[0][0].is_null()) return std::nullopt;
    return rows[0][0].as<long long>();
  });
}

std::optional<AnswerStatement> answer_statement(common::db::ConnectionPool& pool,
                                                common::db::OrgId org,
                                                const std::string& request_id, long long user_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<AnswerStatement> {
    common::db::OrgTransaction tx(conn, org);
    // Only the copilot's row of an answer (not an export's re-run, path 'rerun'), and only the
    // asker's: someone else's answer is "not found" like one that does not exist.
    const auto rows = tx.exec_params(
        "SELECT coalesce(question, ''), final_sql, conversation_id::text "
        "FROM query_audit_logs WHERE request_id = $1 AND user_id = $2 AND status = 'ok' "
        "  AND source = 'copilot' AND final_sql IS NOT NULL AND final_sql <> '' "
        "  AND coalesce(path, '') <> 'rerun'",
        request_id, user_id);
    if (rows.empty()) return std::nullopt;
    AnswerStatement out;
    out.question = rows[0][0].c_str();
    out.sql = rows[0][1].c_str();
    for (const auto& store : tx.exec_params(
             "SELECT s FROM query_audit_logs, unnest(store_ids) AS s WHERE request_id = $1",
             request_id)) {
      out.store_ids.push_back(store[0].as<int>());
    }
    tx.commit();
    if (!rows[0][2].is_null()) out.conversation_id = rows[0][2].c_str();
    return out;
  });
}

std::optional<AnswerStatement> answer_statement_once_written(common::db::ConnectionPool& pool,
                                                             common::db::OrgId org,
                                                             const std::string& request_id,
                                                             long long user_id) {
  const int attempts = common::ids::is_uuid(request_id) ? 10 : 1;
  for (int i = 0;; ++i) {
    auto answer = answer_statement(pool, org, request_id, user_id);
    if (answer || i + 1 >= attempts) return answer;
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
}

long long add_feedback(common::db::ConnectionPool& pool, common::db::OrgId org,
                       const std::string& request_id, long long user_id, const std::string& rating,
                       const std::optional<std::string>& comment) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::OrgTransaction tx(conn, org);
    const char* text = comment ? comment->c_str() : nullptr;
    const auto id = tx.exec_params(
                          "INSERT INTO feedback (request_id, user_id, rating, comment) "
                          "VALUES ($1, $2, $3, $4) RETURNING feedback_id",
                          request_id, user_id, rating, text)[0][0]
                        .as<long long>();
    tx.commit();
    return id;
  });
}

}  // namespace gateway::history
