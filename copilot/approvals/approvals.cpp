#include "copilot/approvals/approvals.hpp"

#include "common/db/org_transaction.hpp"
#include "common/db/pg_array.hpp"

namespace copilot::approvals {

long PgApprovalQueue::hold(const Hold& h) {
  auto lease = pool_.acquire();
  common::db::OrgTransaction tx(*lease, h.org_id);
  const auto row = tx.exec_params1(
      "INSERT INTO approval_requests (request_id, user_id, username, role, store_ids, "
      "conversation_id, question, sql, path, semantic_query, fingerprint, risk, expires_at) "
      "VALUES ($1, $2, $3, $4, $5::int[], $6::uuid, $7, $8, $9, $10::jsonb, $11, $12::jsonb, "
      "now() + make_interval(secs => $13)) RETURNING approval_id",
      h.request_id, h.user_id, h.username, h.role, common::db::int_array(h.store_ids),
      h.conversation_id, h.question, h.sql, h.path, h.semantic_query.dump(), h.fingerprint,
      h.risk.dump(), static_cast<double>(ttl_.count()));
  tx.commit();
  return row[0].as<long>();
}

std::optional<Approved> PgApprovalQueue::claim(long long org_id, long approval_id, long user_id,
                                               const std::string& role,
                                               const std::vector<int>& store_ids,
                                               const std::string& request_id) {
  auto lease = pool_.acquire();
  common::db::OrgTransaction tx(*lease, org_id);
  // One UPDATE decides: approved by someone, for exactly this requester, role and scope, never
  // run before. Two claims at once: one gets the row, the other nothing.
  const auto rows = tx.exec_params(
      "UPDATE approval_requests SET executed_at = now(), executed_request_id = $5 "
      "WHERE approval_id = $1 AND user_id = $2 AND role = $3 AND store_ids = $4::int[] "
      "AND status = 'approved' AND decided_by IS NOT NULL AND decided_by <> user_id "
      "AND executed_at IS NULL "
      "RETURNING sql, coalesce(path, ''), coalesce(semantic_query::text, 'null'), "
      "coalesce(conversation_id::text, '')",
      approval_id, user_id, role, common::db::int_array(store_ids), request_id);
  tx.commit();
  if (rows.empty()) return std::nullopt;
  Approved out;
  out.approval_id = approval_id;
  out.sql = rows[0][0].as<std::string>();
  out.path = rows[0][1].as<std::string>();
  out.semantic_query = nlohmann::json::parse(rows[0][2].as<std::string>(), nullptr, false);
  if (out.semantic_query.is_discarded()) out.semantic_query = nullptr;
  out.conversation_id = rows[0][3].as<std::string>();
  return out;
}

}  // namespace copilot::approvals
