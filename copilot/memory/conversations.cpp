#include "copilot/memory/conversations.hpp"

#include <algorithm>

#include "common/db/org_transaction.hpp"
#include "common/error/error.hpp"

namespace copilot::memory {

namespace {
constexpr const char* kAppendTurn = "copilot_append_turn";
// Creates or touches the conversation (only when it is this user's), then adds the turn to it —
// nothing is added to another user's conversation.
constexpr const char* kAppendTurnSql =
    "WITH c AS ("
    "  INSERT INTO conversations (conversation_id, user_id, title) VALUES ($1::uuid, $2, $3) "
    "  ON CONFLICT (conversation_id) DO UPDATE SET updated_at = now() "
    "  WHERE conversations.user_id = EXCLUDED.user_id RETURNING conversation_id) "
    "INSERT INTO conversation_turns (conversation_id, request_id, question, status, intent, "
    "                                answer, sql, semantic_query, store_id) "
    "SELECT conversation_id, $4, $5, $6, NULLIF($7, ''), NULLIF($8, ''), NULLIF($9, ''), "
    "       $10::jsonb, $11::int FROM c";
}  // namespace

nlohmann::json previous_semantic_query(const std::vector<Turn>& turns) {
  // The latest answered turn (clang 14 cannot parse libstdc++ 12's ranges, so no reverse_view).
  const auto latest = std::find_if(turns.rbegin(), turns.rend(), [](const Turn& turn) {
    return turn.status == "ok" && !turn.semantic_query.is_null();
  });
  return latest == turns.rend() ? nlohmann::json() : latest->semantic_query;
}

std::vector<Turn> PgConversationStore::recent(long long org_id, const std::string& conversation_id,
                                              long user_id, size_t limit) {
  auto lease = pool_.acquire();
  pqxx::result rows;
  try {
    common::db::OrgTransaction tx(*lease, org_id);
    rows = tx.exec_params(
        "SELECT c.user_id, t.request_id, t.question, t.status, t.intent, t.answer, t.sql, "
        "       t.semantic_query::text, t.store_id "
        "FROM conversations c "
        "LEFT JOIN LATERAL (SELECT * FROM conversation_turns t "
        "                   WHERE t.conversation_id = c.conversation_id "
        "                   ORDER BY t.turn_id DESC LIMIT $2) t ON true "
        "WHERE c.conversation_id = $1::uuid",
        conversation_id, static_cast<long>(limit));
    tx.commit();
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw common::Error(503, "upstream_unavailable", "conversation memory is unavailable");
  }
  std::vector<Turn> out;
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    const auto& row = *it;
    if (row[0].as<long>() != user_id) throw common::Error::not_found("conversation not found");
    if (row[1].is_null()) continue;  // a conversation without turns
    Turn turn;
    turn.request_id = row[1].as<std::string>();
    turn.question = row[2].as<std::string>();
    turn.status = row[3].as<std::string>();
    turn.intent = row[4].is_null() ? "" : row[4].as<std::string>();
    turn.answer = row[5].is_null() ? "" : row[5].as<std::string>();
    turn.sql = row[6].is_null() ? "" : row[6].as<std::string>();
    turn.semantic_query = row[7].is_null()
                              ? nlohmann::json()
                              : nlohmann::json::parse(row[7].as<std::string>(), nullptr, false);
    if (turn.semantic_query.is_discarded()) turn.semantic_query = nullptr;
    if (!row[8].is_null()) turn.store_id = row[8].as<int>();
    out.push_back(std::move(turn));
  }
  return out;
}

void PgConversationStore::append(long long org_id, const std::string& conversation_id, long user_id,
                                 const Turn& turn) {
  auto lease = pool_.acquire();
  try {
    // One prepared statement in a transaction scoped to the organisation: no re-planning per
    // answer (the service's pool makes commits asynchronous; see copilot/main.cpp). Registering
    // the same definition again on a pooled connection is a no-op.
    lease->prepare(kAppendTurn, kAppendTurnSql);
    common::db::OrgTransaction tx(*lease, org_id);
    tx.exec_prepared(
        kAppendTurn, conversation_id, user_id, turn.question.substr(0, 200), turn.request_id,
        turn.question, turn.status, turn.intent, turn.answer, turn.sql,
        turn.semantic_query.is_null() ? std::optional<std::string>()
                                      : std::optional<std::string>(turn.semantic_query.dump()),
        turn.store_id);
    tx.commit();
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw common::Error(503, "upstream_unavailable", "conversation memory is unavailable");
  }
}

}  // namespace copilot::memory
