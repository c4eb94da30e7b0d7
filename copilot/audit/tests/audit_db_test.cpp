// The audit writer and conversation memory against the real app database.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "common/crypto/secrets.hpp"
#include "common/db/org_transaction.hpp"
#include "common/error/error.hpp"
#include "common/ids/ids.hpp"
#include "copilot/audit/audit.hpp"
#include "copilot/memory/conversations.hpp"
#include "copilot/tests/support.hpp"

namespace copilot {
namespace {

common::db::ConnectionPool& pool() {
  // Scoped to organisation 1 for the whole session, so that the checks below read what the
  // writers (which scope each transaction themselves) wrote there. Test-only: the services scope
  // every transaction (common/db/org_transaction.hpp), never a session.
  static common::db::ConnectionPool kPool(testing::required_env("APP_DATABASE_URL"), 3,
                                          std::chrono::seconds(5), "SET app.org_id = '1'");
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
      r.org_id = 1;
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
    r.org_id = 1;
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

int count_of(const std::string& sql, const std::string& id) {
  auto lease = pool().acquire();
  pqxx::nontransaction tx(*lease);
  return tx.exec_params1(sql, id)[0].as<int>();
}

std::string text_of(const std::string& sql, const std::string& id) {
  auto lease = pool().acquire();
  pqxx::nontransaction tx(*lease);
  return tx.exec_params1(sql, id)[0].as<std::string>();
}

audit::AuditRecord record_with(const std::string& id, const std::string& question) {
  audit::AuditRecord r;
  r.org_id = 1;
  r.request_id = id;
  r.role = "admin";
  r.store_ids = {1, 2};
  r.question = question;
  r.status = "ok";
  r.events = {{"policy", "ok", 0.1, {{"rule", "x"}}},
              {"completed", "ok", 0, nlohmann::json::object()}};
  return r;
}

// A NUL, a character cut in half, bad bytes in an event's JSON or a NaN timing used to fail the
// whole batch's INSERT three times and drop every record in it.
TEST(AuditWriter, OneMalformedRecordNeverDropsItsBatch) {
  common::crypto::init_sodium();
  std::vector<std::string> ids;
  audit::AuditCounters counters;
  {
    audit::BatchingAuditWriter writer(pool(), 128, std::chrono::milliseconds(200));
    for (int i = 0; i < 25; ++i) {
      ids.push_back("audit-test-" + common::ids::new_uuid());
      auto r = record_with(ids.back(), "revenue by month");
      if (i == 7) r.question = std::string("revenue\0by month", 16);
      if (i == 13) r.question = std::string("price in \xE2\x82");  // "€" cut in half
      if (i == 20) {
        r.events[0].details = {{"bad\xFF", std::string("nul\0inside", 10)}};
        r.total_ms = std::nan("");
      }
      writer.record(std::move(r));
    }
    writer.flush();
    counters = writer.counters();
  }
  EXPECT_EQ(counters.dropped, 0U);
  EXPECT_EQ(counters.written, 25U);
  for (const auto& id : ids) {
    EXPECT_EQ(count_of("SELECT count(*) FROM query_audit_logs WHERE request_id = $1", id), 1) << id;
    EXPECT_EQ(count_of("SELECT count(*) FROM query_audit_events WHERE request_id = $1", id), 2)
        << id;
  }
  EXPECT_EQ(text_of("SELECT question FROM query_audit_logs WHERE request_id = $1", ids[7]),
            "revenueby month");
  EXPECT_EQ(text_of("SELECT question FROM query_audit_logs WHERE request_id = $1", ids[13]),
            "price in \xEF\xBF\xBD\xEF\xBF\xBD");
}

// A request id already in the trail (the gateway's row, a replay): the first row and its events
// stay as they are; the record is kept under a new id that names the original.
TEST(AuditWriter, ARecordWhoseIdIsTakenNeverTouchesTheFirstRow) {
  common::crypto::init_sodium();
  const std::string id = "audit-test-" + common::ids::new_uuid();
  {
    auto lease = pool().acquire();
    pqxx::nontransaction tx(*lease);
    tx.exec_params(
        "INSERT INTO query_audit_logs (request_id, question, status, source) "
        "VALUES ($1, 'the first question', 'ok', 'gateway')",
        id);
  }
  audit::AuditCounters counters;
  {
    audit::BatchingAuditWriter writer(pool());
    writer.record(record_with(id, "a second question"));
    writer.record(record_with("audit-test-" + common::ids::new_uuid(), "a neighbour"));
    writer.flush();
    counters = writer.counters();
  }
  EXPECT_EQ(counters.rekeyed, 1U);
  EXPECT_EQ(counters.dropped, 0U);
  EXPECT_EQ(text_of("SELECT question || '/' || status || '/' || source FROM query_audit_logs "
                    "WHERE request_id = $1",
                    id),
            "the first question/ok/gateway");
  EXPECT_EQ(count_of("SELECT count(*) FROM query_audit_events WHERE request_id = $1", id), 0);
  EXPECT_EQ(count_of("SELECT count(*) FROM query_audit_logs l JOIN query_audit_events e USING "
                     "(request_id) WHERE l.question = 'a second question' AND e.stage = 'audit' "
                     "AND e.details->>'original_request_id' = $1",
                     id),
            1);
}

// A full queue holds the recording threads back until the writer has room: nothing is dropped.
TEST(AuditWriter, AFullQueueAppliesBackpressureInsteadOfDropping) {
  common::crypto::init_sodium();
  audit::AuditCounters counters;
  std::vector<std::string> ids(160);
  for (auto& id : ids) id = "audit-test-" + common::ids::new_uuid();
  {
    audit::BatchingAuditWriter writer(pool(), 128, std::chrono::milliseconds(1), 2,
                                      std::chrono::seconds(30));
    std::vector<std::thread> threads;
    threads.reserve(16);
    for (size_t t = 0; t < 16; ++t) {
      threads.emplace_back([&, t] {
        for (size_t i = t; i < ids.size(); i += 16) writer.record(record_with(ids[i], "flood"));
      });
    }
    for (auto& thread : threads) thread.join();
    writer.flush();
    counters = writer.counters();
  }
  EXPECT_EQ(counters.dropped, 0U);
  EXPECT_EQ(counters.written, ids.size());
  EXPECT_GT(counters.backpressure_waits, 0U);
  for (const auto& id : ids) {
    EXPECT_EQ(count_of("SELECT count(*) FROM query_audit_logs WHERE request_id = $1", id), 1);
  }
}

TEST(Memory, FollowUpReadsThePreviousSemanticQueryOfTheOwnerOnly) {
  common::crypto::init_sodium();
  memory::PgConversationStore store(pool());
  const auto conversation = common::ids::new_uuid();
  const long owner = user_id_of("finance_user");
  const long other = user_id_of("marketing_user");
  EXPECT_TRUE(store.recent(1, conversation, owner, 3).empty());
  memory::Turn turn;
  turn.request_id = "mem-1";
  turn.question = "revenue by month";
  turn.status = "ok";
  turn.semantic_query = {{"metrics", {"revenue"}}, {"dimensions", {"month"}}};
  turn.store_id = 1;
  store.append(1, conversation, owner, turn);
  const auto turns = store.recent(1, conversation, owner, 3);
  ASSERT_EQ(turns.size(), 1U);
  EXPECT_EQ(memory::previous_semantic_query(turns), turn.semantic_query);
  EXPECT_EQ(turns[0].store_id, 1);
  // Another user neither reads nor extends it.
  EXPECT_THROW(store.recent(1, conversation, other, 3), common::Error);
  store.append(1, conversation, other, turn);
  EXPECT_EQ(store.recent(1, conversation, owner, 10).size(), 1U);
  // Another organisation does not find it at all (an empty history, not someone else's).
  EXPECT_TRUE(store.recent(2, conversation, owner, 3).empty());
}

// A record that names no organisation is dropped and counted, never written into a guessed one.
TEST(AuditWriter, ARecordWithoutAnOrganisationIsDroppedNotGuessed) {
  common::crypto::init_sodium();
  const std::string id = "audit-test-" + common::ids::new_uuid();
  audit::AuditCounters counters;
  {
    audit::BatchingAuditWriter writer(pool());
    auto r = record_with(id, "no organisation");
    r.org_id = 0;
    writer.record(std::move(r));
    writer.flush();
    counters = writer.counters();
  }
  EXPECT_EQ(counters.dropped, 1U);
  EXPECT_EQ(count_of("SELECT count(*) FROM query_audit_logs WHERE request_id = $1", id), 0);
}

// Organisation 2's records land in its trail, invisible to organisation 1.
TEST(AuditWriter, EachRecordJoinsItsOrganisationsTrail) {
  common::crypto::init_sodium();
  const std::string demo = "audit-test-" + common::ids::new_uuid();
  const std::string northwind = "audit-test-" + common::ids::new_uuid();
  {
    audit::BatchingAuditWriter writer(pool());
    writer.record(record_with(demo, "demo"));
    auto r = record_with(northwind, "northwind");
    r.org_id = 2;
    writer.record(std::move(r));
    writer.flush();
    EXPECT_EQ(writer.counters().written, 2U);
  }
  EXPECT_EQ(count_of("SELECT count(*) FROM query_audit_logs WHERE request_id = $1", demo), 1);
  EXPECT_EQ(count_of("SELECT count(*) FROM query_audit_logs WHERE request_id = $1", northwind), 0);
  auto lease = pool().acquire();
  common::db::OrgTransaction tx(*lease, 2);
  EXPECT_EQ(
      tx.exec_params1("SELECT count(*) FROM query_audit_events WHERE request_id = $1", northwind)[0]
          .as<int>(),
      2);
}

}  // namespace
}  // namespace copilot
