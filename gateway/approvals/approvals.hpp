// gateway/approvals/approvals.hpp — the approval queue as approvers see it (issue 14).
//
// The copilot holds a statement whose risk is high for the requester's role (approval_requests,
// with the requester's role, scope and the exact statement); approvers (admins) list the queue
// and decide. A pending request past its expires_at reads as "expired" and can no longer be
// decided. decide() takes one decision in one transaction (row lock), in this order of checks:
// 404 unknown, 403 the approver's own request, 409 already decided or expired. The database
// refuses an own approval too (constraint approval_not_own).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"

namespace gateway::approvals {

// What an approved request needs to run for its requester.
struct Decided {
  nlohmann::json approval;  // the row as the API shows it
  long long requester_id = 0;
  std::string requester_username;
  std::string role;
  std::vector<int> store_ids;
  std::string question;
  std::string conversation_id;
};

// status: pending | approved | rejected | expired. Newest first.
nlohmann::json list(common::db::ConnectionPool& pool, common::db::OrgId org,
                    const std::string& status, int limit);

// Called inside decide()'s transaction before an approval commits; throwing refuses it and the
// request stays pending (the requester's access is re-read here: see routes/approvals.cpp).
using StillAllowed = std::function<void(const Decided&)>;

// approve: true approves, false rejects. Throws common::Error 404 / 403 / 409, or what
// still_allowed throws.
Decided decide(common::db::ConnectionPool& pool, common::db::OrgId org, long long approval_id,
               long long approver_id, bool approve, const std::string& reason,
               const StillAllowed& still_allowed = {});

// The approval row after its run (executed_at, executed_request_id), for the response.
std::optional<nlohmann::json> read(common::db::ConnectionPool& pool, common::db::OrgId org,
                                   long long approval_id);

}  // namespace gateway::approvals
