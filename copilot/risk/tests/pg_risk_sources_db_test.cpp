// The risk stage's real sources against the real database: EXPLAIN as the role's reader (never
// executed), PostgreSQL's estimates for the resource-abuse statements, thresholds as data.
#include <gtest/gtest.h>

#include <chrono>

#include "common/time/clock.hpp"
#include "copilot/execution/execution_error.hpp"
#include "copilot/execution/pg_executor.hpp"
#include "copilot/risk/pg_risk_sources.hpp"
#include "copilot/tests/support.hpp"

namespace copilot::risk {
namespace {

common::db::RawConnectionPool& analytics() {
  static common::db::RawConnectionPool kPool(testing::required_env("ANALYTICS_DATABASE_URL"), 2);
  return kPool;
}
common::db::ConnectionPool& app() {
  static common::db::ConnectionPool kPool(testing::required_env("APP_DATABASE_URL"), 1);
  return kPool;
}

struct Sources {
  common::SystemClock clock;
  execution::PgExecutor executor{analytics(), 5000};
  PgExplainProbe probe{executor, clock};
  PgThresholdSource thresholds{app(), "default", clock};
  RiskScorer scorer{probe, thresholds};
};

PlanEstimate explain_text(PgExplainProbe& probe, const std::string& sql, Role role,
                          const std::vector<int>& stores) {
  return probe.explain(sql, "sql:" + sql, role, stores);
}

TEST(PgRiskSources, ExplainEstimatesWithoutRunning) {
  Sources s;
  const auto started = std::chrono::steady_clock::now();
  const auto e = explain_text(s.probe, "SELECT count(*) FROM generate_series(1, 100000000000)",
                              Role::kStoreManager, {1});
  // Running it would take hours; planning it takes milliseconds.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_GT(e.total_cost, 1e8);
  EXPECT_GE(e.max_node_rows, 1e11);
}

TEST(PgRiskSources, ExplainRunsAsTheRolesReader) {
  Sources s;
  // finance may not read v_customer_masked: its reader cannot even plan it.
  EXPECT_THROW(explain_text(s.probe, "SELECT count(*) FROM v_customer_masked", Role::kFinance, {1}),
               std::exception);
  EXPECT_NO_THROW(
      explain_text(s.probe, "SELECT count(*) FROM v_customer_masked", Role::kMarketing, {1}));
}

// EXPLAIN goes as one pipeline (BEGIN, settings, EXPLAIN, ROLLBACK): a refused one leaves its
// pooled connection usable and outside any transaction, and the settings are those of execute().
TEST(PgRiskSources, PipelinedExplainLeavesTheConnectionClean) {
  Sources s;
  for (int i = 0; i < 5; ++i) {  // more times than the pool has connections
    try {
      (void)s.executor.explain_json(
          {"SELECT count(*) FROM v_customer_masked", Role::kFinance, {1}, ""});
      ADD_FAILURE() << "finance's reader planned v_customer_masked";
    } catch (const common::Error& e) {
      EXPECT_EQ(e.http_status(), 403) << e.what();
    }
    const std::string plan =
        s.executor.explain_json({"SELECT count(*) FROM v_payment_scoped", Role::kFinance, {1}, ""});
    EXPECT_NE(plan.find("\"Plan\""), std::string::npos) << plan;
  }
  // The statement's own settings: run as the reader in the scope, nothing left behind.
  const auto who = s.executor.execute(
      {"SELECT current_user::text, current_setting('app.store_ids'), current_setting("
       "'transaction_read_only')",
       Role::kFinance,
       {2},
       ""});
  ASSERT_EQ(who.result.rows.size(), 1U);
  EXPECT_EQ(who.result.rows[0][0], "reader_finance");
  EXPECT_EQ(who.result.rows[0][1], "2");
  EXPECT_EQ(who.result.rows[0][2], "on");
}

TEST(PgRiskSources, ResourceAbuseNeverRunsWithoutApproval) {
  Sources s;
  for (const char* sql :
       {"SELECT count(*) FROM generate_series(1, 100000000000) LIMIT 200",
        "SELECT count(*) FROM v_payment_scoped p CROSS JOIN generate_series(1, 1000000000) g "
        "LIMIT 200",
        "SELECT lpad('x', 2147483647, 'y') LIMIT 200"}) {
    const auto a = s.scorer.assess(sql, Role::kStoreManager, {1}, "embedded_planner", 1);
    EXPECT_GE(a.level, Level::kHigh) << sql << " → " << a.to_json().dump();
  }
}

TEST(PgRiskSources, OrdinaryPlannerStatementIsLow) {
  Sources s;
  const auto a = s.scorer.assess(
      "SELECT c.name AS category, sum(p.amount) AS revenue FROM v_payment_scoped p JOIN "
      "film_category fc ON fc.film_id = p.film_id JOIN category c ON c.category_id = "
      "fc.category_id GROUP BY c.name ORDER BY revenue DESC, c.name LIMIT 200",
      Role::kStoreManager, {1}, "embedded_planner", 1);
  EXPECT_EQ(a.level, Level::kLow) << a.to_json().dump();
}

TEST(PgRiskSources, ThresholdsAreReadFromTheTable) {
  Sources s;
  const auto t = s.thresholds.for_role(1, Role::kAdmin);
  EXPECT_EQ(t.medium_at, 30);
  EXPECT_EQ(t.high_at, 60);
  EXPECT_EQ(t.block_at, 90);
  common::SystemClock clock;
  PgThresholdSource drill(app(), "approval_drill", clock);
  EXPECT_EQ(drill.for_role(1, Role::kFinance).block_at, 0);
  EXPECT_EQ(drill.for_role(1, Role::kStoreManager).high_at, 0);
}

// The embedded planner's "top N categories by revenue in <month> 2022".
std::string revenue_by_category(int month, int limit) {
  return "SELECT cat.name AS category, sum(p.amount) AS revenue FROM v_payment_scoped p JOIN "
         "film_category fc ON fc.film_id = p.film_id JOIN category cat ON cat.category_id = "
         "fc.category_id WHERE p.payment_date >= '2022-0" +
         std::to_string(month) + "-01 00:00:00+00' AND p.payment_date < '2022-0" +
         std::to_string(month + 1) +
         "-01 00:00:00+00' GROUP BY cat.name ORDER BY revenue DESC, category LIMIT " +
         std::to_string(limit);
}

// The planner's statements of one shape share one EXPLAIN per role and scope; a model's, or one
// whose cost lies in its constants, is explained for its exact text.
TEST(PgRiskSources, ThePlannersStatementsOfOneShapeShareOneExplain) {
  Sources s;
  const auto assess = [&](const std::string& sql, const char* path,
                          const std::vector<int>& stores) {
    auto a = s.scorer.assess(sql, Role::kStoreManager, stores, path, 1);
    EXPECT_TRUE(a.explain_error.empty()) << a.explain_error;
    return a;
  };
  const auto july = assess(revenue_by_category(7, 3), "embedded_planner", {1});
  EXPECT_EQ(s.probe.explained(), 1);
  const auto august = assess(revenue_by_category(8, 5), "embedded_planner", {1});
  EXPECT_EQ(s.probe.explained(), 1) << "the same shape was explained again";
  EXPECT_EQ(august.level, july.level);
  (void)assess(revenue_by_category(8, 5), "embedded_planner", {2});
  EXPECT_EQ(s.probe.explained(), 2) << "another scope shared an estimate";
  (void)assess(revenue_by_category(6, 3), "model:any", {1});
  (void)assess(revenue_by_category(5, 3), "model:any", {1});
  EXPECT_EQ(s.probe.explained(), 4) << "a model's statements shared an estimate";
  // Same fingerprint, a thousand million times the rows: never shared, even from the planner.
  const auto small = assess("SELECT count(*) FROM generate_series(1, 10)", "embedded_planner", {1});
  const auto huge =
      assess("SELECT count(*) FROM generate_series(1, 100000000000)", "embedded_planner", {1});
  EXPECT_EQ(s.probe.explained(), 6);
  EXPECT_EQ(small.level, Level::kLow);
  EXPECT_GE(huge.level, Level::kHigh);
}

}  // namespace
}  // namespace copilot::risk
