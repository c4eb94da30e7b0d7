// Row sets against the real database: "customers who rented in May but not in June" planned,
// compiled and run as the asker's reader role must equal the same question written by hand as a
// set difference (EXCEPT) over the same scoped views — under each role's store scope.
#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "copilot/execution/pg_executor.hpp"
#include "copilot/generation/sql_compiler.hpp"
#include "copilot/planning/planner.hpp"
#include "copilot/tests/support.hpp"

namespace copilot::planning {
namespace {

const semantic::Model& model() {
  static const semantic::Model m = semantic::load_model("copilot/semantic/semantic_model.json");
  return m;
}

common::db::RawConnectionPool& pool() {
  static common::db::RawConnectionPool kPool(testing::required_env("ANALYTICS_DATABASE_URL"), 2);
  return kPool;
}

ResultSet run(const std::string& sql, Role role, const std::vector<int>& stores) {
  execution::PgExecutor executor(pool(), 20000);
  return executor.execute({sql, role, stores, ""}).result;
}

Plan ask(const std::string& question, Role role, const std::vector<int>& stores) {
  const Planner planner(model());
  return planner.plan(
      {question, role, stores, stores, nullptr, "2022-08-23 21:50:12+00", {}, {}, true});
}

// The plan's answer as the asker's reader role.
ResultSet answer(const std::string& question, Role role, const std::vector<int>& stores) {
  const auto plan = ask(question, role, stores);
  EXPECT_EQ(plan.status, Plan::Status::kOk) << question << " " << plan.clarification.dump();
  return run(generation::compile(plan.semantic_query, model(), role).sql, role, stores);
}

long count_of(const ResultSet& rs) {
  EXPECT_EQ(rs.rows.size(), 1U);
  return rs.rows.at(0).at(0).get<long>();
}

constexpr const char* kMayNotJune =
    "SELECT count(*) FROM (SELECT customer_id FROM v_rental_scoped WHERE rental_date >= "
    "'2022-05-01' AND rental_date < '2022-06-01' EXCEPT SELECT customer_id FROM v_rental_scoped "
    "WHERE rental_date >= '2022-06-01' AND rental_date < '2022-07-01') AS t";

TEST(RowSetsDb, CustomersOfOnePeriodButNotAnotherAreTheSetDifference) {
  const long got = count_of(answer(
      "how many customers rented from us in May but not at all in June?", Role::kAdmin, {1, 2}));
  const long expected = count_of(run(kMayNotJune, Role::kAdmin, {1, 2}));
  EXPECT_EQ(got, expected);
  EXPECT_GT(got, 0);
  const long may = count_of(answer("how many customers rented in May?", Role::kAdmin, {1, 2}));
  EXPECT_LT(got, may);
}

TEST(RowSetsDb, AStoreManagersSecondPartReadsOnlyTheirStore) {
  // "at my store": a customer who rented at store 2 in June still rented nothing at store 1.
  const long got = count_of(
      answer("how many customers rented in May but not at all in June?", Role::kStoreManager, {1}));
  EXPECT_EQ(got, count_of(run(kMayNotJune, Role::kStoreManager, {1})));
  EXPECT_NE(got, count_of(run(kMayNotJune, Role::kAdmin, {1, 2})));
}

TEST(RowSetsDb, AListOfTheThingsHasOneRowPerThingOfTheDifference) {
  const auto listed =
      answer("which customers rented in May but not in June?", Role::kMarketing, {1, 2});
  EXPECT_EQ(static_cast<long>(listed.rows.size()),
            count_of(run(kMayNotJune, Role::kMarketing, {1, 2})));
  EXPECT_EQ(listed.columns.at(0).name, "customer_id");
}

TEST(RowSetsDb, TitlesAtOneStoreButNotTheOther) {
  const long got =
      count_of(answer("# of titles stocked at store 1 but not at store 2", Role::kAdmin, {1, 2}));
  const long expected = count_of(
      run("SELECT count(*) FROM (SELECT film_id FROM inventory WHERE store_id = 1 EXCEPT SELECT "
          "film_id FROM inventory WHERE store_id = 2) AS t",
          Role::kAdmin, {1, 2}));
  EXPECT_EQ(got, expected);
  EXPECT_GT(got, 0);
}

TEST(RowSetsDb, TitlesAtBothNamedStoresAreTheIntersection) {
  // The first part names store 1 and the second store 2: read over both stores (it had been
  // read within store 1 only, and counted 0).
  const long got = count_of(
      answer("how many titles are stocked at both store 1 and store 2?", Role::kAdmin, {1, 2}));
  const long expected = count_of(
      run("SELECT count(*) FROM (SELECT film_id FROM inventory WHERE store_id = 1 INTERSECT SELECT "
          "film_id FROM inventory WHERE store_id = 2) AS t",
          Role::kAdmin, {1, 2}));
  EXPECT_EQ(got, expected);
  EXPECT_GT(got, 0);
}

TEST(RowSetsDb, ARowSetOverRowsTheRoleMayNotReadIsRefusedByTheCompiler) {
  // Marketing counts customers, but may not look into payments — not even inside a row set.
  const nlohmann::json sq = {{"metric", "renting_customers"},
                             {"store_ids", {1, 2}},
                             {"without",
                              {{{"source", "v_payment_scoped"},
                                {"time", {{"from", "2022-06-01"}, {"to", "2022-07-01"}}}}}}};
  try {
    (void)generation::compile(sq, model(), Role::kMarketing);
    FAIL() << "compiled a row set over payments for marketing";
  } catch (const common::Error& e) {
    EXPECT_EQ(e.code(), "policy_denied");
  }
  // And the database refuses the same read on its own (the layer under the compiler).
  execution::PgExecutor executor(pool(), 5000);
  EXPECT_ANY_THROW(executor.execute(
      {"SELECT count(*) FROM v_rental_scoped r WHERE r.customer_id NOT IN (SELECT p.customer_id "
       "FROM v_payment_scoped p)",
       Role::kMarketing,
       {1, 2},
       ""}));
}

}  // namespace
}  // namespace copilot::planning
