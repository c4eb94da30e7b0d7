// DEFENCE IN DEPTH (layer 5 alone): every statement of the public reject corpus is sent through the
// real executor WITHOUT the guardrail, for every reader role, and must fail at the database —
// except the few below, which succeed but reach no data the role may not read.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "copilot/execution/execution_error.hpp"
#include "copilot/execution/pg_executor.hpp"
#include "copilot/tests/support.hpp"

namespace copilot {
namespace {

// id → why it is harmless at the database (it runs, but reads nothing the role may not read).
const std::map<std::string, std::string>& harmless_at_database() {
  static const std::map<std::string, std::string> kHarmless = {
      {"r029",
       "current_setting('app.store_ids') only shows the caller's own scope, set by the "
       "copilot for this transaction"},
      {"r024",
       "information_schema.tables lists only relations the reader role holds a privilege "
       "on (its views and reference tables, and the catalogs PUBLIC may read); no rows of "
       "data"},
      {"r038",
       "EXPLAIN ANALYZE of a view the role may read runs that same scoped, read-only query "
       "and returns a plan, not rows (roles without the view fail)"},
      {"r039",
       "a DO block runs as the reader role inside the read-only transaction; PERFORM 1 "
       "touches nothing"},
      {"r044",
       "PREPARE p AS SELECT 1 prepares a constant and executes nothing; a prepared "
       "statement outlives a rollback, so the executor closes any connection that ran a "
       "non-SELECT instead of pooling it"},
      {"r045", "LISTEN on a channel reads no data; the registration is undone by the rollback"},
  };
  return kHarmless;
}

struct Case {
  std::string id, category, sql;
};

std::vector<Case> reject_corpus() {
  std::ifstream in("../shared/security/sql_must_reject.tsv");
  if (!in) throw std::runtime_error("../shared/security/sql_must_reject.tsv is missing");
  std::vector<Case> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("id\t", 0) == 0) continue;
    const auto a = line.find('\t');
    const auto b = line.find('\t', a + 1);
    out.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return out;
}

TEST(DefenceInDepth, EveryRejectReachingDataFailsAtTheDatabaseForEveryRole) {
  common::db::RawConnectionPool pool(testing::required_env("ANALYTICS_DATABASE_URL"), 2);
  execution::PgExecutor executor(pool, 2000);
  const auto corpus = reject_corpus();
  ASSERT_GE(corpus.size(), 40U);
  std::ostringstream report;
  int failed_at_db = 0;
  int harmless = 0;
  for (auto role : {Role::kAdmin, Role::kStoreManager, Role::kMarketing, Role::kFinance}) {
    for (const auto& c : corpus) {
      bool ran = false;
      std::string outcome;
      try {
        const auto r = executor.execute({c.sql, role, {1, 2}, ""});
        ran = true;
        outcome = "ran, " + std::to_string(r.result.rows.size()) + " rows";
      } catch (const execution::ExecutionError& e) {
        outcome = "failed " + e.sqlstate() + ": " + e.detail().substr(0, 90);
      }
      report << role_name(role) << " " << c.id << " " << outcome << "\n";
      if (!ran) {
        ++failed_at_db;
        continue;
      }
      ++harmless;
      EXPECT_TRUE(harmless_at_database().count(c.id) == 1)
          << c.id << " (" << c.category << ") ran at the database as " << reader_role(role) << ": "
          << c.sql;
    }
  }
  std::cout << report.str() << "failed at the database: " << failed_at_db
            << ", harmless and documented: " << harmless << "\n";
}

}  // namespace
}  // namespace copilot
