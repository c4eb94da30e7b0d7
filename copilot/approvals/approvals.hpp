// copilot/approvals/approvals.hpp — the copilot's side of the approval queue (issue 14).
//
// A statement whose risk is `high` for the requester's role is not run: it is held — with the
// requester's role, store scope, question and the exact statement — and the ask answers 202
// pending_approval. Approvers decide in the gateway (/api/approvals). An approved statement is
// run by a /run carrying its approval_id and the REQUESTER's user_context: claim() hands out the
// held statement once, only to that requester, role and scope, and only after someone else
// approved it (the database refuses an approval by the requester: approval_not_own).
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/db/pool.hpp"

namespace copilot::approvals {

struct Hold {
  long long org_id = 0;  // the requester's: only that organisation's approvers see it
  std::string request_id;
  long user_id = 0;
  std::string username;
  std::string role;
  std::vector<int> store_ids;
  std::string conversation_id;
  std::string question;
  std::string sql;
  std::string path;
  nlohmann::json semantic_query;
  std::string fingerprint;
  nlohmann::json risk;
};

struct Approved {
  long approval_id = 0;
  std::string sql;
  std::string path;
  nlohmann::json semantic_query;
  std::string conversation_id;
};

class ApprovalQueue {
 public:
  virtual ~ApprovalQueue() = default;
  // Holds a statement; returns its approval id.
  virtual long hold(const Hold& hold) = 0;
  // The approved statement, claimed once for this requester, role and scope; nullopt when it is
  // not approved (pending, rejected, expired), not theirs, or already ran.
  virtual std::optional<Approved> claim(long long org_id, long approval_id, long user_id,
                                        const std::string& role, const std::vector<int>& store_ids,
                                        const std::string& request_id) = 0;
};

class PgApprovalQueue final : public ApprovalQueue {
 public:
  PgApprovalQueue(common::db::ConnectionPool& pool, std::chrono::seconds ttl)
      : pool_(pool), ttl_(ttl) {}
  long hold(const Hold& hold) override;
  std::optional<Approved> claim(long long org_id, long approval_id, long user_id,
                                const std::string& role, const std::vector<int>& store_ids,
                                const std::string& request_id) override;

 private:
  common::db::ConnectionPool& pool_;
  std::chrono::seconds ttl_;
};

}  // namespace copilot::approvals
