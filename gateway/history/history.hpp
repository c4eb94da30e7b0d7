// gateway/history/history.hpp — what the gateway reads and writes of a user's history:
// conversations (owner only) and feedback on answers. Every read and write is scoped to the
// caller's organisation (common/db/org_transaction.hpp): another organisation's conversation or
// request is not there at all.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"

namespace gateway::history {

// True when the conversation exists and belongs to anyone but user_id, in any organisation
// (SECURITY DEFINER conversation_held_by_another: row-level security would hide another
// organisation's conversation from a scoped read, and an ask "in" it must be a 404 all the same).
bool conversation_held_by_another(common::db::ConnectionPool& pool,
                                  const std::string& conversation_id, long long user_id);

// {conversation_id, turns:[...]} when user_id owns it; nullopt otherwise (absent or foreign).
std::optional<nlohmann::json> read_conversation(common::db::ConnectionPool& pool,
                                                common::db::OrgId org,
                                                const std::string& conversation_id,
                                                long long user_id);

// The user who made a request per the audit trail, or nullopt when unknown.
std::optional<long long> request_owner(common::db::ConnectionPool& pool, common::db::OrgId org,
                                       const std::string& request_id);

// What the audit trail holds about one of the user's own answers: its question, the final SQL
// that ran and the stores it ran for. nullopt when the request is not the user's, belongs to
// another organisation, or did not end with an answer that ran a statement (status ok).
struct AnswerStatement {
  std::string question;
  std::string sql;
  std::vector<int> store_ids;
  std::optional<std::string> conversation_id;
};
std::optional<AnswerStatement> answer_statement(common::db::ConnectionPool& pool,
                                                common::db::OrgId org,
                                                const std::string& request_id, long long user_id);

// answer_statement, waiting for the row a moment: the copilot writes its audit rows in batches
// just after the answer, so an export asked right away waits (up to ~1.5 s) instead of calling a
// fresh answer "not found". Only ids of the gateway's own shape (UUIDs) are waited for.
std::optional<AnswerStatement> answer_statement_once_written(common::db::ConnectionPool& pool,
                                                             common::db::OrgId org,
                                                             const std::string& request_id,
                                                             long long user_id);

// Stores one rating; returns its id.
long long add_feedback(common::db::ConnectionPool& pool, common::db::OrgId org,
                       const std::string& request_id, long long user_id, const std::string& rating,
                       const std::optional<std::string>& comment);

}  // namespace gateway::history
