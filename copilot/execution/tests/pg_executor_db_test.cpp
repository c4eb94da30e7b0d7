// The real executor against the real database: role, scope, timeout, read-only, types.
#include <gtest/gtest.h>

#include <thread>

#include "copilot/core/cancellation.hpp"
#include "copilot/execution/execution_error.hpp"
#include "copilot/execution/pg_executor.hpp"
#include "copilot/tests/support.hpp"

namespace copilot::execution {
namespace {

common::db::RawConnectionPool& pool() {
  static common::db::RawConnectionPool kPool(testing::required_env("ANALYTICS_DATABASE_URL"), 2);
  return kPool;
}

ResultSet run(const std::string& sql, Role role, std::vector<int> stores, int timeout_ms = 5000) {
  PgExecutor executor(pool(), timeout_ms);
  return executor.execute({sql, role, std::move(stores), ""}).result;
}

// As the pipeline runs a statement the guardrail accepted (it has a fingerprint).
ResultSet run_checked(const std::string& sql, size_t max_bytes = kDefaultMaxResultBytes) {
  PgExecutor executor(pool(), 20000, max_bytes);
  return executor.execute({sql, Role::kAdmin, {1, 2}, "fingerprint"}).result;
}

// The error code an execution fails with ("" when it succeeds).
template <typename F>
std::string error_code_of(F&& f) {
  try {
    f();
  } catch (const ExecutionError& e) {
    return e.code();
  }
  return "";
}

TEST(PgExecutor, RunsAsTheRolesReaderInAReadOnlyTransaction) {
  const auto r =
      run("SELECT current_user::text AS who, current_setting('transaction_read_only') AS ro",
          Role::kFinance, {1});
  ASSERT_EQ(r.rows.size(), 1U);
  EXPECT_EQ(r.rows[0][0], "reader_finance");
  EXPECT_EQ(r.rows[0][1], "on");
}

TEST(PgExecutor, ScopeLimitsRowsToTheRequestsStores) {
  const auto one =
      run("SELECT DISTINCT store_id FROM v_payment_scoped ORDER BY 1", Role::kAdmin, {1});
  ASSERT_EQ(one.rows.size(), 1U);
  EXPECT_EQ(one.rows[0][0], 1);
  const auto both =
      run("SELECT DISTINCT store_id FROM v_rental_scoped ORDER BY 1", Role::kStoreManager, {1, 2});
  EXPECT_EQ(both.rows.size(), 2U);
}

TEST(PgExecutor, NoScopeMeansNoRows) {
  const auto r = run("SELECT count(*) FROM v_customer_masked", Role::kAdmin, {});
  EXPECT_EQ(r.rows[0][0], 0);
}

TEST(PgExecutor, FinanceCannotReadRentals) {
  try {
    run("SELECT count(*) FROM v_rental_scoped", Role::kFinance, {1});
    FAIL() << "finance read v_rental_scoped";
  } catch (const ExecutionError& e) {
    EXPECT_EQ(e.http_status(), 403);
    EXPECT_EQ(e.sqlstate(), "42501");
    EXPECT_EQ(std::string(e.what()).find("v_rental_scoped"), std::string::npos)
        << "leaks internals";
  }
}

TEST(PgExecutor, WritesFailInTheReadOnlyTransaction) {
  try {
    run("CREATE TEMP TABLE stolen AS SELECT 1 AS a", Role::kAdmin, {1});
    FAIL() << "a write succeeded";
  } catch (const ExecutionError& e) {
    EXPECT_EQ(e.http_status(), 403);
    EXPECT_EQ(e.sqlstate(), "25006");
  }
}

TEST(PgExecutor, SeveralStatementsAreRefused) {
  EXPECT_THROW(run("SELECT 1; SELECT 2", Role::kAdmin, {1}), ExecutionError);
}

TEST(PgExecutor, StatementTimeoutStopsALongQuery) {
  try {
    run("SELECT count(*) FROM v_rental_scoped a, v_rental_scoped b", Role::kAdmin, {1, 2}, 100);
    FAIL() << "no timeout";
  } catch (const ExecutionError& e) {
    EXPECT_EQ(e.http_status(), 504);
    EXPECT_EQ(e.code(), "upstream_timeout");
  }
  // The connection is usable afterwards and the timeout did not stick.
  EXPECT_EQ(run("SELECT 1 AS one", Role::kAdmin, {1}).rows[0][0], 1);
}

TEST(PgExecutor, ScopeCannotBeWidenedFromInside) {
  EXPECT_THROW(run("SELECT set_config('app.store_ids', '1,2', true)", Role::kStoreManager, {1}),
               ExecutionError);
  // A session-level SET is rolled back with the transaction: the next query has its own scope.
  run("SET app.store_ids = '1,2'", Role::kStoreManager, {1});
  const auto r = run("SELECT DISTINCT store_id FROM v_payment_scoped", Role::kStoreManager, {1});
  ASSERT_EQ(r.rows.size(), 1U);
  EXPECT_EQ(r.rows[0][0], 1);
}

TEST(PgExecutor, ColumnsCarryPostgresTypeNames) {
  const auto r =
      run("SELECT 1::int4 AS a, 2::int8 AS b, 1.5::numeric AS c, 'x'::text AS d, DATE '2022-01-02' "
          "AS e, "
          "true AS f, rating, NULL::int4 AS g, TIMESTAMPTZ '2022-05-01 10:00:00+00' AS h "
          "FROM film ORDER BY film_id LIMIT 1",
          Role::kMarketing, {1});
  std::vector<std::string> types;
  for (const auto& c : r.columns) types.push_back(c.type);
  EXPECT_EQ(types, (std::vector<std::string>{"int4", "int8", "numeric", "text", "date", "bool",
                                             "mpaa_rating", "int4", "timestamptz"}));
  EXPECT_EQ(r.rows[0][0], 1);
  EXPECT_EQ(r.rows[0][2], 1.5);
  EXPECT_EQ(r.rows[0][3], "x");
  EXPECT_EQ(r.rows[0][5], true);
  EXPECT_TRUE(r.rows[0][7].is_null());
  EXPECT_EQ(r.rows[0][8], "2022-05-01 10:00:00+00");  // UTC
}

TEST(PgExecutor, MoreThanTheRowCapIsTruncated) {
  const auto r = run("SELECT film_id FROM film", Role::kAdmin, {1});
  EXPECT_EQ(r.rows.size(), kMaxRows);
  EXPECT_TRUE(r.truncated);
}

TEST(PgExecutor, GuardedStatementKeepsItsColumnsAndOrder) {
  const auto r = run_checked(
      "SELECT film_id, title, film_id AS film_id FROM film ORDER BY film_id DESC LIMIT 3 -- end");
  ASSERT_EQ(r.columns.size(), 3U);
  EXPECT_EQ(r.columns[0].name, "film_id");
  EXPECT_EQ(r.columns[2].name, "film_id");
  ASSERT_EQ(r.rows.size(), 3U);
  EXPECT_EQ(r.rows[0][0], 1000);
  EXPECT_EQ(r.rows[2][0], 998);
  EXPECT_TRUE(run_checked("SELECT 1 AS one WHERE false").rows.empty());
}

// One row larger than the cap: refused at the server, before a byte of it is sent.
TEST(PgExecutor, ARowLargerThanTheCapIsRefusedAtTheServer) {
  EXPECT_EQ(error_code_of([] {
              run_checked("SELECT lpad('x', 5000000, 'x') AS x FROM generate_series(1, 200)");
            }),
            "result_too_large");
}

// Rows that add up past the cap: counted as they arrive, the query stopped.
TEST(PgExecutor, RowsAddingUpPastTheCapStopTheQuery) {
  EXPECT_EQ(error_code_of([] {
              run_checked("SELECT lpad('x', 100000, 'x') AS x FROM generate_series(1, 200)",
                          size_t{1024} * 1024);
            }),
            "result_too_large");
  EXPECT_EQ(
      run_checked("SELECT lpad('x', 1000, 'x') AS x FROM generate_series(1, 200)").rows.size(),
      200U);
  // The connection pool is still good afterwards.
  EXPECT_EQ(run("SELECT 1 AS one", Role::kAdmin, {1}).rows[0][0], 1);
}

// A statement the guardrail never saw (no fingerprint) is stopped by the bytes on the wire.
TEST(PgExecutor, UnguardedStatementIsStoppedByTheBytesOnTheWire) {
  PgExecutor executor(pool(), 20000, size_t{1024} * 1024);
  EXPECT_EQ(error_code_of([&] {
              executor.execute({"SELECT lpad('x', 20000000, 'x') AS x FROM generate_series(1, 5)",
                                Role::kAdmin,
                                {1},
                                ""});
            }),
            "result_too_large");
}

// A cancelled request's query stops at the server and the executor says so.
TEST(PgExecutor, CancellationStopsTheRunningQuery) {
  Cancellation cancellation;
  const Cancellation::Scope scope(cancellation);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancellation.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  const auto code = error_code_of([] {
    run("SELECT count(*) FROM v_rental_scoped a, v_rental_scoped b", Role::kAdmin, {1, 2}, 20000);
  });
  canceller.join();
  EXPECT_EQ(code, "client_closed_request");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(error_code_of([] { run("SELECT 1 AS one", Role::kAdmin, {1}); }),
            "client_closed_request");  // a cancelled request runs nothing more
}

}  // namespace
}  // namespace copilot::execution
