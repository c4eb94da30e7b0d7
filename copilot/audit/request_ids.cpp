#include "copilot/audit/request_ids.hpp"

#include "common/error/error.hpp"

namespace copilot::audit {
namespace {

constexpr const char* kClaim = "copilot_claim_request_id";
constexpr const char* kClaimSql =
    "INSERT INTO request_id_claims (request_id) SELECT $1 "
    "WHERE NOT EXISTS (SELECT 1 FROM query_audit_logs WHERE request_id = $1) "
    "ON CONFLICT (request_id) DO NOTHING RETURNING 1";

}  // namespace

bool PgRequestIdLedger::claim(const std::string& request_id) {
  auto lease = pool_.acquire();
  try {
    // Prepared once per pooled connection (registering it again is a no-op); autocommitted.
    lease->prepare(kClaim, kClaimSql);
    pqxx::nontransaction tx(*lease);
    return !tx.exec_prepared(kClaim, request_id).empty();
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw common::Error(503, "database_unavailable", "the request ledger is unavailable");
  }
}

}  // namespace copilot::audit
