#include "gateway/approvals/approvals.hpp"

#include "common/db/org_transaction.hpp"
#include "common/error/error.hpp"
#include "gateway/server/db.hpp"

namespace gateway::approvals {
namespace {

using nlohmann::json;

// One row as the API shows it; the status of a pending request past its expiry is "expired".
constexpr const char* kColumns =
    "a.approval_id, "
    "CASE WHEN a.status = 'pending' AND a.expires_at <= now() THEN 'expired' ELSE a.status END, "
    "a.request_id, coalesce(a.conversation_id::text, ''), a.user_id, coalesce(a.username, ''), "
    "coalesce(a.role, ''), coalesce(array_to_json(a.store_ids)::text, '[]'), a.question, "
    "coalesce(a.sql, ''), coalesce(a.risk::text, 'null'), "
    "to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(a.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "a.decided_by, coalesce(d.username, ''), "
    "to_char(a.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "a.reason, to_char(a.executed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "a.executed_request_id, coalesce(a.path, '') "
    "FROM approval_requests a LEFT JOIN app_users d ON d.user_id = a.decided_by ";

json text_or_null(const pqxx::field& f) {
  return f.is_null() ? json(nullptr) : json(f.as<std::string>());
}

json row_json(const pqxx::row& r) {
  json risk = json::parse(r[10].as<std::string>(), nullptr, false);
  if (risk.is_discarded()) risk = nullptr;
  json stores = json::parse(r[7].as<std::string>(), nullptr, false);
  if (stores.is_discarded()) stores = json::array();
  return {{"approval_id", r[0].as<long long>()},
          {"status", r[1].as<std::string>()},
          {"request_id", r[2].as<std::string>()},
          {"conversation_id", r[3].as<std::string>()},
          {"requester",
           {{"user_id", r[4].as<long long>()},
            {"username", r[5].as<std::string>()},
            {"role", r[6].as<std::string>()},
            {"store_ids", stores}}},
          {"question", r[8].as<std::string>()},
          {"sql", r[9].as<std::string>()},
          {"risk", risk},
          {"path", r[19].as<std::string>()},
          {"created_at", r[11].as<std::string>()},
          {"expires_at", text_or_null(r[12])},
          {"decided_by", r[13].is_null() ? json(nullptr) : json(r[14].as<std::string>())},
          {"decided_at", text_or_null(r[15])},
          {"reason", text_or_null(r[16])},
          {"executed_at", text_or_null(r[17])},
          {"executed_request_id", text_or_null(r[18])}};
}

}  // namespace

json list(common::db::ConnectionPool& pool, common::db::OrgId org, const std::string& status,
          int limit) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::OrgTransaction tx(conn, org);
    const auto rows = tx.exec_params(
        std::string("SELECT ") + kColumns +
            "WHERE CASE WHEN a.status = 'pending' AND a.expires_at <= now() THEN 'expired' "
            "ELSE a.status END = $1 ORDER BY a.created_at DESC, a.approval_id DESC LIMIT $2",
        status, limit);
    json out = json::array();
    for (const auto& r : rows) out.push_back(row_json(r));
    tx.commit();
    return json{{"approvals", out}, {"status", status}};
  });
}

std::optional<json> read(common::db::ConnectionPool& pool, common::db::OrgId org,
                         long long approval_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<json> {
    common::db::OrgTransaction tx(conn, org);
    const auto rows =
        tx.exec_params(std::string("SELECT ") + kColumns + "WHERE a.approval_id = $1", approval_id);
    tx.commit();
    if (rows.empty()) return std::nullopt;
    return row_json(rows[0]);
  });
}

Decided decide(common::db::ConnectionPool& pool, common::db::OrgId org, long long approval_id,
               long long approver_id, bool approve, const std::string& reason,
               const StillAllowed& still_allowed) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::OrgTransaction tx(conn, org);
    const auto rows = tx.exec_params(
        "SELECT user_id, status, expires_at IS NOT NULL AND expires_at <= now() "
        "FROM approval_requests WHERE approval_id = $1 FOR UPDATE",
        approval_id);
    if (rows.empty()) throw common::Error::not_found("approval not found");
    if (rows[0][0].as<long long>() == approver_id) {
      throw common::Error::forbidden("nobody approves or rejects their own request");
    }
    const auto status = rows[0][1].as<std::string>();
    if (status != "pending") {
      throw common::Error(409, "conflict", "this request was already " + status);
    }
    if (rows[0][2].as<bool>()) {
      throw common::Error(409, "conflict", "this request has expired");
    }
    tx.exec_params(
        "UPDATE approval_requests SET status = $2, decided_by = $3, decided_at = now(), "
        "reason = nullif($4, '') WHERE approval_id = $1",
        approval_id, approve ? "approved" : "rejected", approver_id, reason);
    const auto row = tx.exec_params1(std::string("SELECT ") + kColumns + "WHERE a.approval_id = $1",
                                     approval_id);
    Decided out;
    out.approval = row_json(row);
    out.requester_id = row[4].as<long long>();
    out.requester_username = row[5].as<std::string>();
    out.role = row[6].as<std::string>();
    for (const auto& s : out.approval["requester"]["store_ids"])
      out.store_ids.push_back(s.get<int>());
    out.question = row[8].as<std::string>();
    out.conversation_id = row[3].as<std::string>();
    if (approve && still_allowed) still_allowed(out);  // throws: rolled back, still pending
    tx.commit();
    return out;
  });
}

}  // namespace gateway::approvals
