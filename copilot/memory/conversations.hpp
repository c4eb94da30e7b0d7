// copilot/memory/conversations.hpp — conversation memory in the app database.
//
// In:  a conversation id and the asking user.
// Out: the conversation's last turns (oldest first), so a follow-up ("and for store 2?", "by month
//      instead") can reuse and edit the previous semantic query.
// Refuses: another user's conversation — Error 404 not_found (it is never read, never extended).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/db/pool.hpp"

namespace copilot::memory {

struct Turn {
  std::string request_id;
  std::string question;
  std::string status;  // ok | needs_clarification | refused | failed
  std::string intent;
  std::string answer;
  std::string sql;
  nlohmann::json semantic_query;  // null when the turn had none
  std::optional<int> store_id;
};

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;
  // The last `limit` turns of the conversation, oldest first; empty for a conversation that does
  // not exist yet in the organisation (another organisation's is not there at all). Throws Error
  // 404 when it belongs to another user.
  virtual std::vector<Turn> recent(long long org_id, const std::string& conversation_id,
                                   long user_id, size_t limit) = 0;
  // Appends a turn, creating the conversation for user_id when new. A conversation of another
  // user is left untouched; one of another organisation makes the database refuse the write.
  virtual void append(long long org_id, const std::string& conversation_id, long user_id,
                      const Turn& turn) = 0;
};

class PgConversationStore final : public ConversationStore {
 public:
  explicit PgConversationStore(common::db::ConnectionPool& app_pool) : pool_(app_pool) {}
  std::vector<Turn> recent(long long org_id, const std::string& conversation_id, long user_id,
                           size_t limit) override;
  void append(long long org_id, const std::string& conversation_id, long user_id,
              const Turn& turn) override;

 private:
  common::db::ConnectionPool& pool_;
};

// The semantic query of the latest turn that has one (null when none).
nlohmann::json previous_semantic_query(const std::vector<Turn>& turns);

}  // namespace copilot::memory
