// gateway/saved/saved_questions.hpp — a user's board of saved questions (issue 16, part 2;
// table saved_questions, db/migrations/20261210000100). Every read and write runs in a
// UserTransaction (common/db/org_transaction.hpp): row-level security shows exactly the caller's
// own items in the caller's organisation, so another user's item is "not found" whatever its id.
// An item holds a question's text, never rows, SQL, a role or stores: running it asks again as
// whoever runs it (their own board, their role and scope now).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"

namespace gateway::saved {

struct Owner {
  common::db::OrgId org_id = 0;
  long long user_id = 0;
};

inline constexpr int kMaxItemsPerUser = 100;

// The caller's items, newest first: [{saved_id, title, question, source_request_id, created_at,
// last_run_at, last_status, last_request_id}].
nlohmann::json list(common::db::ConnectionPool& pool, const Owner& owner);
// One item, or nullopt when it is not the caller's (or does not exist).
std::optional<nlohmann::json> find(common::db::ConnectionPool& pool, const Owner& owner,
                                   long long saved_id);
// Adds an item; nullopt when the board already holds kMaxItemsPerUser items.
std::optional<nlohmann::json> add(common::db::ConnectionPool& pool, const Owner& owner,
                                  const std::string& title, const std::string& question,
                                  const std::optional<std::string>& source_request_id);
// True when the caller's item existed and is gone.
bool remove(common::db::ConnectionPool& pool, const Owner& owner, long long saved_id);
// Records a run's outcome (status: ok | needs_clarification | pending_approval | refused |
// failed) and returns the item as it is now.
std::optional<nlohmann::json> record_run(common::db::ConnectionPool& pool, const Owner& owner,
                                         long long saved_id, const std::string& status,
                                         const std::string& request_id);

}  // namespace gateway::saved
