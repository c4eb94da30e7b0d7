#include "copilot/audit/request_ids.hpp"

#include "common/error/error.hpp"

namespace copilot::audit {
bool PgRequestIdLedger::claim(const std::string& request_id) {
  auto lease = pool_.acquire();
  try {
    // One autocommitted statement, prepared once per pooled connection (registering it again is
    // a no-op): the id is new only when neither a claim nor an audit row has it. Ids are global
    // and the audit trail is per organisation (RLS), so the trail is asked through
    // request_id_audited(), which answers that one bit across every organisation.
    lease->prepare("copilot_claim_request_id",
                   "INSERT INTO request_id_claims (request_id) SELECT $1 "
                   "WHERE NOT request_id_audited($1) "
                   "ON CONFLICT (request_id) DO NOTHING RETURNING 1");
    pqxx::nontransaction tx(*lease);
    return !tx.exec_prepared("copilot_claim_request_id", request_id).empty();
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw common::Error(503, "database_unavailable", "the request ledger is unavailable");
  }
}

}  // namespace copilot::audit
