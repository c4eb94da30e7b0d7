// The audit writer and conversation memory against the real app database.
#include <gtest/gtest.h>

#include "common/crypto/secrets.hpp"
#include "common/error/error.hpp"
#include "common/ids/ids.hpp"
#include "copilot/audit/audit.hpp"
#include "copilot/memory/conversations.hpp"
#include "copilot/tests/support.hpp"

namespace copilot {
namespace {

common::db::ConnectionPool& pool() {
  static common::db::ConnectionPool kPool(testing::required_env("APP_DATABASE_URL"), 3);
  return kPool;
}

long user_id_of(const std::string& username) {
  auto lease = pool().acquire();
  pqxx::nontransaction tx(*lease);
  return tx.exec_params1("SELECT user_id FROM app_users WHERE username = $1", username)[0]
      .as<long>();
}

TEST(AuditWriter, EveryRecordLeavesOneLogRowAndOneEventPerStage) {
  common::crypto::init_sodium();
  std::vector<std::string> ids;
  {
    audit::BatchingAuditWriter writer(pool());
    for (int i = 0; i < 25; ++i) {
      audit::AuditRecord r;
      r.request_id = "audit-test-" + common::ids::new_uuid();
      r.role = "finance";
      r.store_ids = {1};
      r.question = "it's a \"quoted\" question; DROP TABLE x --";
      r.status = i % 2 == 0 ? "ok" : "refused";
      r.events = {{"policy", "ok", 0.1, {{"rule", "x"}}},
                  {"completed", "ok", 0, nlohmann::json::object()}};
      ids.push_back(r.request_id);
      writer.record(std::move(r));
    }
    writer.flush();
    EXPECT_EQ(writer.written(), 25U);
  }
  auto lease = pool().acquire();
  pqxx::nontransaction tx(*lease);
  for (const auto& id : ids) {
    EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM query_audit_logs WHERE request_id = $1", id)[0]
                  .as<int>(),
              1);
    EXPECT_EQ(
        tx.exec_params1("SELECT count(*) FROM query_audit_events WHERE request_id = $1", id)[0]
            .as<int>(),
        2);
  }
  EXPECT_EQ(
      tx.exec_params1("SELECT question FROM query_audit_logs WHERE request_id = $1", ids[0])[0]
          .as<std::string>(),
      "it's a \"quoted\" question; DROP TABLE x --");
}

TEST(AuditWriter, DestructorFlushesWhatIsQueued) {
  common::crypto::init_sodium();
  const std::string id = "audit-test-" + common::ids::new_uuid();
  {
    audit::BatchingAuditWriter writer(pool(), 128, std::chrono::milliseconds(5000));
    audit::AuditRecord r;
    r.request_id = id;
    r.status = "failed";
    writer.record(std::move(r));
  }
  auto lease = pool().acquire();
  pqxx::nontransaction tx(*lease);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM query_audit_logs WHERE request_id = $1", id)[0]
                .as<int>(),
            1);
}

TEST(Memory, FollowUpReadsThePreviousSemanticQueryOfTheOwnerOnly) {
  common::crypto::init_sodium();
  memory::PgConversationStore store(pool());
  const auto conversation = common::ids::new_uuid();
  const long owner = user_id_of("finance_user");
  const long other = user_id_of("marketing_user");
  EXPECT_TRUE(store.recent(conversation, owner, 3).empty());
  memory::Turn turn;
  turn.request_id = "mem-1";
  turn.question = "revenue by month";
  turn.status = "ok";
  turn.semantic_query = {{"metrics", {"revenue"}}, {"dimensions", {"month"}}};
  turn.store_id = 1;
  store.append(conversation, owner, turn);
  const auto turns = store.recent(conversation, owner, 3);
  ASSERT_EQ(turns.size(), 1U);
  EXPECT_EQ(memory::previous_semantic_query(turns), turn.semantic_query);
  EXPECT_EQ(turns[0].store_id, 1);
  // Another user neither reads nor extends it.
  EXPECT_THROW(store.recent(conversation, other, 3), common::Error);
  store.append(conversation, other, turn);
  EXPECT_EQ(store.recent(conversation, owner, 10).size(), 1U);
}

}  // namespace
}  // namespace copilot
