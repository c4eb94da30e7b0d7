// The gateway's audit writer against the real database: a record whose text is not storable as
// it came (a question cut inside a UTF-8 character, a NUL) is written cleaned, and never takes
// its batch with it; nothing is dropped.
#include <gtest/gtest.h>

#include <thread>

#include "gateway/audit/audit_log.hpp"
#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using namespace std::chrono_literals;

TEST(AuditWriterDb, AMalformedRecordDoesNotDropItsBatch) {
  common::db::ConnectionPool pool(app_database_url(), 2);
  const std::string tag = "gwtest-batch-" + random_hex(4);
  {
    audit::AuditWriter writer(pool, {64, 2000ms, 256});
    const std::vector<std::string> questions = {"total revenue", "price in \xE2\x82",
                                                std::string("nul\0inside", 10), "\xFF\xFE junk",
                                                std::string(10000, 'q')};
    for (size_t i = 0; i < questions.size(); ++i) {
      audit::GatewayRecord r;
      r.org_id = 1;
      r.request_id = tag + "-" + std::to_string(i);
      r.client_request_id = i == 1 ? std::string("cli\0ent", 7) : "client-" + std::to_string(i);
      r.conversation_id = i == 2 ? std::optional<std::string>("not-a-uuid") : std::nullopt;
      r.username = "finance_user";
      r.role = "finance";
      r.store_ids = {1};
      r.question = questions[i];
      r.http_status = 422;
      r.error_code = "invalid_field";
      r.error_message = "question must be valid UTF-8 text";
      EXPECT_TRUE(writer.record(std::move(r)));
    }
    for (int i = 0; i < 100 && writer.counts().written < questions.size(); ++i) {
      std::this_thread::sleep_for(50ms);
    }
    const auto counts = writer.counts();
    EXPECT_EQ(counts.written, questions.size());
    EXPECT_EQ(counts.dropped, 0U);
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM query_audit_logs WHERE request_id LIKE '" + tag + "-%'"),
            "5");
  EXPECT_EQ(scalar("SELECT count(*) FROM query_audit_events WHERE request_id LIKE '" + tag +
                   "-%' AND stage = 'gateway'"),
            "5");
  EXPECT_EQ(scalar("SELECT question FROM query_audit_logs WHERE request_id = '" + tag + "-1'"),
            "price in \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(
      scalar("SELECT length(question) FROM query_audit_logs WHERE request_id = '" + tag + "-4'"),
      "4000");
}

// Each organisation's records go to its own trail; a record without one is dropped (counted),
// never written into a guessed organisation.
TEST(AuditWriterDb, EachRecordJoinsItsOrganisationsTrail) {
  common::db::ConnectionPool pool(app_database_url(), 2);
  const std::string tag = "gwtest-orgs-" + random_hex(4);
  {
    audit::AuditWriter writer(pool, {64, 2000ms, 256});
    for (const long long org : {1LL, 2LL, 0LL}) {
      audit::GatewayRecord r;
      r.org_id = org;
      r.request_id = tag + "-" + std::to_string(org);
      r.username = org == 2 ? "admin_org2" : "admin_user";
      r.role = "admin";
      r.http_status = 403;
      r.error_code = "forbidden";
      r.error_message = "no";
      EXPECT_TRUE(writer.record(std::move(r)));
    }
    for (int i = 0; i < 100 && writer.counts().written + writer.counts().dropped < 3; ++i) {
      std::this_thread::sleep_for(50ms);
    }
    const auto counts = writer.counts();
    EXPECT_EQ(counts.written, 2U);
    EXPECT_EQ(counts.dropped, 1U);
  }
  EXPECT_EQ(scalar_in(1,
                      "SELECT string_agg(request_id, ',') FROM query_audit_logs WHERE "
                      "request_id LIKE '" +
                          tag + "-%'"),
            tag + "-1");
  EXPECT_EQ(scalar_in(2,
                      "SELECT string_agg(request_id, ',') FROM query_audit_logs WHERE "
                      "request_id LIKE '" +
                          tag + "-%'"),
            tag + "-2");
}

}  // namespace
}  // namespace gateway::testing
