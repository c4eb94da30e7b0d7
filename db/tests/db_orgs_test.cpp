// Organisations are isolated by the database itself (db/migrations/
// 20261206000100_orgs_row_level_security.sql): these tests connect as the app's login
// (copilot_app, APP_DATABASE_URL — not a table owner, so row-level security applies), write a
// fixture into organisation 1 the way the services do (common::db::OrgTransaction), then check
// that a transaction of organisation 2 can neither see nor change any of it, that a transaction
// with no organisation sees nothing and writes nothing, and that the approval rules hold in the
// database. A missing server fails these tests; it never skips.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/config/env.hpp"
#include "common/db/org_transaction.hpp"
#include "common/db/sqlstate.hpp"
#include "common/ids/ids.hpp"
#include "db/tests/app_login.hpp"

namespace {

using db_testing::app_url;
using db_testing::kDemo;
using db_testing::kNorthwind;
using db_testing::user_id_of;

using common::db::OrgTransaction;

// What attempt() reports: the SQLSTATE ("" when the statement succeeded) and the rows it changed.
using Attempt = std::pair<std::string, long long>;
const Attempt kNothingChanged{"", 0};
const Attempt kOneRowChanged{"", 1};
// The tables that hold an organisation's data.
const std::vector<std::string>& org_tables() {
  static const std::vector<std::string> tables = {
      "app_users",        "app_user_store_access", "conversations", "conversation_turns",
      "query_audit_logs", "query_audit_events",    "feedback",      "approval_requests",
      "policy_versions",  "risk_thresholds"};
  return tables;
}
// One of each kind of row, in organisation 1, written as the services write them.
struct DemoFixture {
  std::string conversation_id = common::ids::new_uuid();
  std::string request_id = "db-orgs-test-" + common::ids::new_uuid();
  long long manager_id = 0;
  long long admin_id = 0;
  long long approval_id = 0;
  long long feedback_id = 0;
};

DemoFixture write_demo_fixture(pqxx::connection& conn) {
  DemoFixture f;
  f.manager_id = user_id_of(conn, "manager_store1");
  f.admin_id = user_id_of(conn, "admin_user");
  OrgTransaction tx(conn, kDemo);
  tx.exec_params0(
      "INSERT INTO conversations (conversation_id, user_id, title) VALUES ($1::uuid, $2, 'orgs')",
      f.conversation_id, f.manager_id);
  tx.exec_params0(
      "INSERT INTO conversation_turns (conversation_id, request_id, question, status) "
      "VALUES ($1::uuid, $2, 'revenue?', 'ok')",
      f.conversation_id, f.request_id);
  tx.exec_params0(
      "INSERT INTO query_audit_logs (request_id, conversation_id, user_id, username, role, "
      "question, status) VALUES ($1, $2::uuid, $3, 'manager_store1', 'store_manager', "
      "'revenue?', 'ok')",
      f.request_id, f.conversation_id, f.manager_id);
  tx.exec_params0(
      "INSERT INTO query_audit_events (request_id, seq, stage, status) "
      "VALUES ($1, 1, 'policy', 'ok')",
      f.request_id);
  f.feedback_id = tx.exec_params1(
                        "INSERT INTO feedback (request_id, user_id, rating) VALUES ($1, $2, 'up') "
                        "RETURNING feedback_id",
                        f.request_id, f.manager_id)[0]
                      .as<long long>();
  // Already expired: it shows as "expired" in the queue, never as work for an approver.
  f.approval_id = tx.exec_params1(
                        "INSERT INTO approval_requests (request_id, user_id, username, role, "
                        "store_ids, question, sql, expires_at) VALUES ($1, $2, 'manager_store1', "
                        "'store_manager', '{1}', 'revenue?', 'SELECT 1', now() - interval '1 "
                        "minute') RETURNING approval_id",
                        f.request_id, f.manager_id)[0]
                      .as<long long>();
  // Organisation 1's policy history exists (the copilot seeds it at start; written here with the
  // same document when no copilot ran yet, so a test run changes nothing it would not).
  if (tx.exec("SELECT 1 FROM policy_versions").empty()) {
    std::ifstream file("copilot/policy/rules.json");
    std::stringstream rules;
    rules << file.rdbuf();
    tx.exec_params0(
        "INSERT INTO policy_versions (version, rules, source, comment) "
        "VALUES (1, $1::jsonb, 'file', 'seeded from copilot/policy/rules.json')",
        rules.str());
  }
  tx.commit();
  return f;
}

class OrgIsolation : public ::testing::Test {
 protected:
  void SetUp() override {
    conn = std::make_unique<pqxx::connection>(app_url());
    fixture = write_demo_fixture(*conn);
  }
  void TearDown() override {
    // Conversations may go (audit rows may not: the trail is append-only for the app).
    OrgTransaction tx(*conn, kDemo);
    tx.exec_params0("DELETE FROM conversations WHERE conversation_id = $1::uuid",
                    fixture.conversation_id);
    tx.commit();
  }

  // count(*) of a table as organisation `org` sees it, or as a transaction with no organisation.
  long long visible(const std::string& table, std::optional<long long> org,
                    const std::string& where = "true") {
    std::unique_ptr<pqxx::work> tx =
        org ? std::make_unique<OrgTransaction>(*conn, *org) : std::make_unique<pqxx::work>(*conn);
    const auto n = tx->exec("SELECT count(*) FROM " + table + " WHERE " + where)[0][0];
    return n.as<long long>();
  }

  // The SQLSTATE a statement fails with in organisation `org` ("" when it succeeds), and the
  // number of rows it affected.
  Attempt attempt(long long org, const std::string& sql) {
    try {
      OrgTransaction tx(*conn, org);
      const auto result = tx.exec(sql);
      tx.abort();  // nothing a test tries is kept
      return {"", static_cast<long long>(result.affected_rows())};
    } catch (const pqxx::sql_error& e) {
      return {common::db::sqlstate_of(e), 0};
    }
  }

  std::unique_ptr<pqxx::connection> conn;
  DemoFixture fixture;
};

TEST_F(OrgIsolation, TheFixtureIsVisibleToItsOwnOrganisation) {
  // The positive control: what the other tests do not see is there.
  EXPECT_EQ(
      visible("conversations", kDemo, "conversation_id = '" + fixture.conversation_id + "'::uuid"),
      1);
  EXPECT_EQ(visible("query_audit_logs", kDemo, "request_id = '" + fixture.request_id + "'"), 1);
  EXPECT_EQ(visible("query_audit_events", kDemo, "request_id = '" + fixture.request_id + "'"), 1);
  EXPECT_EQ(
      visible("approval_requests", kDemo, "approval_id = " + std::to_string(fixture.approval_id)),
      1);
  EXPECT_GT(visible("policy_versions", kDemo), 0);
  EXPECT_GT(visible("app_users", kDemo), 0);
}

TEST_F(OrgIsolation, AnotherOrganisationSeesNoRowOfOrganisationOne) {
  for (const auto& table : org_tables()) {
    EXPECT_EQ(visible(table, kNorthwind, "org_id <> 2"), 0) << table;
  }
  EXPECT_EQ(visible("conversations", kNorthwind,
                    "conversation_id = '" + fixture.conversation_id + "'::uuid"),
            0);
  EXPECT_EQ(visible("conversation_turns", kNorthwind, "request_id = '" + fixture.request_id + "'"),
            0);
  EXPECT_EQ(visible("query_audit_logs", kNorthwind, "request_id = '" + fixture.request_id + "'"),
            0);
  EXPECT_EQ(visible("query_audit_events", kNorthwind, "request_id = '" + fixture.request_id + "'"),
            0);
  EXPECT_EQ(visible("approval_requests", kNorthwind,
                    "approval_id = " + std::to_string(fixture.approval_id)),
            0);
  EXPECT_EQ(visible("feedback", kNorthwind, "feedback_id = " + std::to_string(fixture.feedback_id)),
            0);
  EXPECT_EQ(visible("app_users", kNorthwind, "username = 'admin_user'"), 0);
  // Its own rows it does see: the admin, and (once the copilot seeded it) its own policy.
  EXPECT_EQ(visible("app_users", kNorthwind, "username = 'admin_org2'"), 1);
}

TEST_F(OrgIsolation, AnotherOrganisationCannotChangeOrganisationOnesRows) {
  const std::string approval = std::to_string(fixture.approval_id);
  const std::string conversation = "'" + fixture.conversation_id + "'::uuid";
  const std::string request = "'" + fixture.request_id + "'";
  // Updates and deletes find nothing to change.
  EXPECT_EQ(
      attempt(kNorthwind,
              "UPDATE approval_requests SET reason = 'taken' WHERE approval_id = " + approval),
      kNothingChanged);
  EXPECT_EQ(attempt(kNorthwind,
                    "UPDATE query_audit_logs SET status = 'refused' "
                    "WHERE request_id = " +
                        request),
            kNothingChanged);
  EXPECT_EQ(
      attempt(kNorthwind, "DELETE FROM conversations WHERE conversation_id = " + conversation),
      kNothingChanged);
  EXPECT_EQ(
      attempt(kNorthwind, "UPDATE app_users SET disabled = true WHERE username = 'admin_user'"),
      kNothingChanged);
  // Rows that name organisation 1 are refused by the policy's WITH CHECK (42501).
  EXPECT_EQ(attempt(kNorthwind,
                    "INSERT INTO policy_versions (org_id, version, rules, source) "
                    "VALUES (1, 999999, '{}'::jsonb, 'file')")
                .first,
            "42501");
  EXPECT_EQ(attempt(kNorthwind,
                    "INSERT INTO query_audit_events (org_id, request_id, seq, stage, "
                    "status) VALUES (1, " +
                        request + ", 99, 'x', 'ok')")
                .first,
            "42501");
  // A turn in organisation 1's conversation, written as organisation 2: the conversation is not
  // organisation 2's (the composite foreign key, 23503).
  EXPECT_EQ(attempt(kNorthwind,
                    "INSERT INTO conversation_turns (conversation_id, request_id, "
                    "question, status) VALUES (" +
                        conversation + ", 'x', 'q', 'ok')")
                .first,
            "23503");
  // Organisation 1's conversation id cannot be taken over by an upsert either.
  EXPECT_NE(attempt(kNorthwind, "INSERT INTO conversations (conversation_id, user_id) SELECT " +
                                    conversation +
                                    ", user_id FROM app_users WHERE username = 'admin_org2' "
                                    "ON CONFLICT (conversation_id) DO UPDATE SET title = 'taken'")
                .first,
            "");
}

TEST_F(OrgIsolation, WithoutAnOrganisationNothingIsVisibleAndNothingIsWritten) {
  for (const auto& table : org_tables()) {
    EXPECT_EQ(visible(table, std::nullopt), 0) << table;
  }
  pqxx::work tx(*conn);
  try {
    tx.exec_params0("INSERT INTO feedback (request_id, user_id, rating) VALUES ($1, $2, 'up')",
                    fixture.request_id, fixture.manager_id);
    ADD_FAILURE() << "an insert without an organisation was accepted";
  } catch (const pqxx::sql_error& e) {
    // The org_id default is the (absent) setting: the policy's WITH CHECK (42501) or NOT NULL
    // (23502) refuses it, whichever PostgreSQL checks first.
    const auto state = common::db::sqlstate_of(e);
    EXPECT_TRUE(state == "42501" || state == "23502") << state << ": " << e.what();
  }
}

TEST_F(OrgIsolation, AnOrganisationSettingThatIsNotANumberIsAnError) {
  pqxx::work tx(*conn);
  tx.exec0("SET LOCAL app.org_id = '1 OR true'");
  try {
    tx.exec("SELECT count(*) FROM conversations");
    ADD_FAILURE() << "a malformed organisation setting was accepted";
  } catch (const pqxx::sql_error& e) {
    EXPECT_EQ(common::db::sqlstate_of(e), "22P02") << e.what();
  }
}

TEST_F(OrgIsolation, TheHelperRefusesAMissingOrganisation) {
  EXPECT_THROW(OrgTransaction(*conn, 0), std::invalid_argument);
}

// ---- approvals: the requester can never run their own request -----------------------------

TEST_F(OrgIsolation, ARequesterCannotApproveTheirOwnRequest) {
  const std::string approval = std::to_string(fixture.approval_id);
  // approval_not_own: decided_by = the requester is refused (23514), whoever writes it.
  EXPECT_EQ(attempt(kDemo,
                    "UPDATE approval_requests SET status = 'approved', decided_by = "
                    "user_id, decided_at = now() WHERE approval_id = " +
                        approval)
                .first,
            "23514");
}

TEST_F(OrgIsolation, APendingRequestCannotBeMarkedExecuted) {
  // approval_runs_only_approved: executing is for approved requests only (23514).
  EXPECT_EQ(attempt(kDemo,
                    "UPDATE approval_requests SET executed_at = now(), "
                    "executed_request_id = 'x' WHERE approval_id = " +
                        std::to_string(fixture.approval_id))
                .first,
            "23514");
}

TEST_F(OrgIsolation, AnApproverOfAnotherOrganisationCannotDecide) {
  const long long northwind_admin = user_id_of(*conn, "admin_org2");
  // Even written inside organisation 1's scope, a decider from organisation 2 is refused by the
  // composite foreign key (23503).
  EXPECT_EQ(attempt(kDemo, "UPDATE approval_requests SET status = 'approved', decided_by = " +
                               std::to_string(northwind_admin) +
                               ", decided_at = now() WHERE approval_id = " +
                               std::to_string(fixture.approval_id))
                .first,
            "23503");
  // An approver of organisation 1 may (rolled back by attempt()).
  EXPECT_EQ(attempt(kDemo, "UPDATE approval_requests SET status = 'approved', decided_by = " +
                               std::to_string(fixture.admin_id) +
                               ", decided_at = now() WHERE approval_id = " +
                               std::to_string(fixture.approval_id)),
            kOneRowChanged);
}

// ---- logging in -------------------------------------------------------------------------------

TEST_F(OrgIsolation, LoginLooksUpOneUsernameAcrossOrganisations) {
  pqxx::work tx(*conn);  // no organisation yet, as at login
  const auto northwind = tx.exec("SELECT org_id, role FROM app_login_lookup('admin_org2')");
  ASSERT_EQ(northwind.size(), 1U);
  EXPECT_EQ(northwind[0][0].as<long long>(), kNorthwind);
  EXPECT_EQ(northwind[0][1].as<std::string>(), "admin");
  const auto demo = tx.exec("SELECT org_id FROM app_login_lookup('admin_user')");
  ASSERT_EQ(demo.size(), 1U);
  EXPECT_EQ(demo[0][0].as<long long>(), kDemo);
  // Exact names only: a pattern finds nobody.
  EXPECT_TRUE(tx.exec("SELECT 1 FROM app_login_lookup('admin%')").empty());
  EXPECT_TRUE(tx.exec("SELECT 1 FROM app_login_lookup('')").empty());
}

TEST_F(OrgIsolation, AConversationHeldByAnotherIsKnownAcrossOrganisationsAsOneBitOnly) {
  pqxx::work tx(*conn);  // no organisation: the check must not depend on one
  const auto held = [&](const std::string& conversation, long long user) {
    return tx
        .exec_params1("SELECT conversation_held_by_another($1::uuid, $2)", conversation, user)[0]
        .as<bool>();
  };
  const long long northwind_admin =
      tx.exec1("SELECT user_id FROM app_login_lookup('admin_org2')")[0].as<long long>();
  // Organisation 1's conversation is someone else's for organisation 2's admin…
  EXPECT_TRUE(held(fixture.conversation_id, northwind_admin));
  // …and not for its owner; an unknown id is nobody's.
  EXPECT_FALSE(held(fixture.conversation_id, fixture.manager_id));
  EXPECT_FALSE(held("00000000-0000-4000-8000-000000000000", northwind_admin));
  tx.commit();
  // Still nothing of the conversation itself is readable from organisation 2.
  EXPECT_EQ(visible("conversations", kNorthwind,
                    "conversation_id = '" + fixture.conversation_id + "'::uuid"),
            0);
}

}  // namespace
