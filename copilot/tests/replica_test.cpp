// Questions on a PostgreSQL hot standby (scripts/replica): the real copilot with
// ANALYTICS_DATABASE_URL on the replica answers as on the primary, the standby refuses writes,
// a stopped replica fails asks fast (503 analytics_unavailable, audited) or falls back to the
// primary when configured, and a restarted one answers again at once.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "common/crypto/secrets.hpp"
#include "common/db/conninfo.hpp"
#include "common/db/pool.hpp"
#include "common/ids/ids.hpp"
#include "common/memory/owned.hpp"
#include "copilot/execution/execution_error.hpp"
#include "copilot/execution/pg_executor.hpp"
#include "copilot/tests/service.hpp"
#include "copilot/tests/support.hpp"

namespace copilot {
namespace {

using nlohmann::json;
using testing::CopilotService;
using testing::required_env;
using testing::run_body;
using Clock = std::chrono::steady_clock;
using Connection = common::Owned<PGconn, PQfinish>;
using Result = common::Owned<PGresult, PQclear>;

std::string replica_port() {
  const char* port = std::getenv("REPLICA_PORT");
  return port != nullptr && *port != '\0' ? port : "5433";
}

// ANALYTICS_DATABASE_URL with the replica's port (the same role, password and database name: the
// standby is a copy of the whole primary cluster). A later keyword wins in libpq's keyword form.
std::string replica_url() {
  return common::db::with_connect_timeout(required_env("ANALYTICS_DATABASE_URL"), 2) +
         " port=" + replica_port();
}

// scripts/replica start|stop; a failure fails the test (a missing replica is never a skip).
void replica(const std::string& command) {
  const std::string line = "bash scripts/replica " + command + " >/dev/null";
  ASSERT_EQ(std::system(line.c_str()), 0) << line;
}

std::string new_request_id() {
  common::crypto::init_sodium();
  return "replica-test-" + common::ids::new_uuid();
}

// A copilot whose questions run on the replica; results are not cached (each ask reaches it).
std::map<std::string, std::string> on_replica(const std::string& fallback = "") {
  std::map<std::string, std::string> env = {{"ANALYTICS_DATABASE_URL", replica_url()},
                                            {"RESULT_CACHE_SIZE", "0"}};
  if (!fallback.empty()) env["ANALYTICS_FALLBACK_DATABASE_URL"] = fallback;
  return env;
}

json answered(const CopilotService& service, const std::string& user, const std::string& question,
              int* status = nullptr) {
  const auto r = service.run(run_body(user, question, new_request_id()));
  if (!r) return json{{"transport_error", httplib::to_string(r.error())}};
  if (status != nullptr) *status = r->status;
  return json::parse(r->body);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(Replica, IsAHotStandbyTheAnalyticsLoginCanRead) {
  replica("start");
  const Connection connection(PQconnectdb(replica_url().c_str()));
  ASSERT_EQ(PQstatus(connection.get()), CONNECTION_OK) << PQerrorMessage(connection.get());
  const Result r(PQexec(connection.get(), "SELECT pg_is_in_recovery()"));
  ASSERT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK);
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "t");
}

// (a) The reader role, scoped views, scope setting and the risk stage's pipelined EXPLAIN work on
// the standby unchanged: the same rows as on the primary, and store 1's manager sees store 1 only.
TEST(Replica, ScopedAnswersOnTheReplicaEqualThePrimarysAndStayInScope) {
  replica("start");
  const CopilotService replica_copilot(on_replica());
  const CopilotService primary_copilot(
      std::map<std::string, std::string>{{"RESULT_CACHE_SIZE", "0"}});
  for (const auto& [user, question] :
       {std::pair<std::string, std::string>{"manager_store1", "revenue by store"},
        {"manager_store1", "revenue by month"},
        {"admin_user", "revenue by store"},
        {"finance_user", "top 5 films by revenue"}}) {
    int replica_status = 0;
    int primary_status = 0;
    const json on_replica_body = answered(replica_copilot, user, question, &replica_status);
    const json on_primary_body = answered(primary_copilot, user, question, &primary_status);
    ASSERT_EQ(replica_status, 200) << user << ": " << question << "\n" << on_replica_body.dump();
    ASSERT_EQ(primary_status, 200) << on_primary_body.dump();
    EXPECT_EQ(on_replica_body["explain"]["database"], "analytics");
    EXPECT_TRUE(on_replica_body["explain"].contains("risk")) << "the risk stage's EXPLAIN ran";
    EXPECT_EQ(on_replica_body["rows"], on_primary_body["rows"]) << user << ": " << question;
    EXPECT_EQ(on_replica_body["sql"], on_primary_body["sql"]);
    EXPECT_FALSE(on_replica_body["rows"].empty()) << question;
  }
  // Store 1's manager, by store: one row, store 1's.
  const json by_store = answered(replica_copilot, "manager_store1", "revenue by store");
  ASSERT_EQ(by_store["rows"].size(), 1U) << by_store.dump();
  EXPECT_NE(by_store["rows"][0].dump().find('1'), std::string::npos) << by_store["rows"].dump();
  EXPECT_EQ(by_store["security"]["store_ids"], json::array({1}));
}

// (b) The database alone refuses a write on the replica's analytics connection: 25006.
TEST(Replica, TheStandbyRefusesWritesOnTheAnalyticsConnection) {
  replica("start");
  // The login's own session, outside any READ ONLY transaction: the standby itself refuses.
  const Connection connection(PQconnectdb(replica_url().c_str()));
  ASSERT_EQ(PQstatus(connection.get()), CONNECTION_OK) << PQerrorMessage(connection.get());
  const Result r(PQexec(connection.get(), "CREATE TEMP TABLE replica_probe (a int)"));
  ASSERT_EQ(PQresultStatus(r.get()), PGRES_FATAL_ERROR);
  EXPECT_STREQ(PQresultErrorField(r.get(), PG_DIAG_SQLSTATE), "25006")
      << PQresultErrorMessage(r.get());
  // Through the executor (no guardrail): refused by the database, reported as policy_denied.
  common::db::RawConnectionPool pool(replica_url(), 1);
  execution::PgExecutor executor(pool, 5000);
  try {
    executor.execute({"CREATE TEMP TABLE replica_probe (a int)", Role::kAdmin, {1, 2}, ""});
    FAIL() << "a write ran on the replica";
  } catch (const execution::ExecutionError& e) {
    EXPECT_EQ(e.sqlstate(), "25006") << e.detail();
    EXPECT_EQ(e.http_status(), 403);
  }
}

// (c) Replica stopped: 503 analytics_unavailable within 3 s, audited; with a fallback URL the
// primary answers and the answer says so.
TEST(Replica, StoppedReplicaFailsFastOrFallsBackToThePrimary) {
  replica("start");
  const CopilotService fail_fast(on_replica());
  const CopilotService with_fallback(
      on_replica(common::db::with_connect_timeout(required_env("ANALYTICS_DATABASE_URL"), 2)));
  // Warm both: their pools hold connections to the replica that the stop will close.
  ASSERT_FALSE(answered(fail_fast, "admin_user", "revenue by store")["rows"].empty());
  ASSERT_FALSE(answered(with_fallback, "admin_user", "revenue by store")["rows"].empty());
  replica("stop");

  for (const char* question : {"revenue by store", "rentals by month"}) {
    const std::string id = new_request_id();
    const auto start = Clock::now();
    const auto r = fail_fast.run(run_body("manager_store1", question, id));
    const double took = seconds_since(start);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503) << r->body;
    EXPECT_LT(took, 3.0) << "a stopped replica must fail the ask fast";
    std::cout << "fail-fast: " << question << " → " << r->status << " in " << took * 1000
              << " ms\n";
    const json error = json::parse(r->body)["error"];
    EXPECT_EQ(error["code"], "analytics_unavailable");
    EXPECT_EQ(error["request_id"], id);
    const json audit = testing::audit_row(id);
    ASSERT_FALSE(audit.is_null()) << "no audit row for " << id;
    EXPECT_EQ(audit["status"], "failed");
    EXPECT_EQ(audit["error_code"], "analytics_unavailable");
    EXPECT_EQ(audit["http_status"], 503);
    EXPECT_FALSE(audit["error_message"].get<std::string>().empty());
  }

  int status = 0;
  const json fallback = answered(with_fallback, "manager_store1", "revenue by store", &status);
  EXPECT_EQ(status, 200) << fallback.dump();
  EXPECT_EQ(fallback["explain"]["database"], "analytics_fallback");
  EXPECT_EQ(fallback["rows"].size(), 1U);
  replica("start");
}

// (d) Replica restarted under a warm copilot: its pooled connections are dead; the next asks
// answer within 5 s with no 5xx (dead connections are dropped, a failed read retried once).
TEST(Replica, RestartedReplicaAnswersAgainWithoutErrors) {
  replica("start");
  const CopilotService copilot(on_replica());
  // Several connections in the pool, all of which the restart will close.
  std::vector<std::thread> warm;
  warm.reserve(4);
  for (int i = 0; i < 4; ++i) {
    warm.emplace_back([&] { (void)answered(copilot, "admin_user", "revenue by store"); });
  }
  for (auto& t : warm) t.join();

  ASSERT_EQ(std::system("pg_ctlcluster 15 ${REPLICA_CLUSTER:-replica} restart -m fast"), 0);
  replica("start");  // accepting and caught up
  const auto back = Clock::now();
  int errors = 0;
  int answers = 0;
  double first_answer_s = -1;
  while (seconds_since(back) < 5.0 && answers < 20) {
    int status = 0;
    const json body = answered(copilot, "manager_store1",
                               answers % 2 == 0 ? "revenue by store" : "rentals by month", &status);
    if (status >= 500 || status == 0) {
      ++errors;
      ADD_FAILURE() << "after the restart: " << status << " " << body.dump();
    } else if (status == 200) {
      if (first_answer_s < 0) first_answer_s = seconds_since(back);
      ++answers;
    }
  }
  std::cout << "restart: first answer " << first_answer_s * 1000 << " ms after the replica was "
            << "back, " << answers << " answers, " << errors << " errors\n";
  EXPECT_EQ(errors, 0);
  EXPECT_GE(first_answer_s, 0.0) << "no answer within 5 s of the restart";
  EXPECT_LT(first_answer_s, 5.0);
}

}  // namespace
}  // namespace copilot
