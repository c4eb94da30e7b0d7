// Pipeline latency against the real database (APP_DATABASE_URL / ANALYTICS_DATABASE_URL, from
// the environment or the repo's .env):
//   BM_Retrieval            embed + top-k from rag_documents (target ≤ 3 ms)
//   BM_RawExecution         the pipeline's SQL run alone over libpq, with the same read-only
//                           transaction, reader role and scope
//   BM_Pipeline             the whole in-process pipeline (policy … widgets, memory, audit
//                           queueing) for the same question, result cache off
//   BM_PipelineThroughput   the same on 4 threads: requests/s
//   BM_RiskStage            the risk stage of a statement never seen before (no EXPLAIN cache):
//                           one EXPLAIN round trip + the parse tree + thresholds (target ≤ 1 ms)
//   BM_RiskStageSameShape   the same for a planner statement of a shape already explained with
//                           other constants: the estimate is shared by fingerprint
//   BM_AuditRecord          what auditing adds to a request: µs per record() of a full record
//                           (target ≤ 1 ms), and the background writer's rows/s
//   BM_Overhead             per request: wall time − the db_execution stage's SQL time
//                           (target ≤ 3 ms p50). Each sample is one request.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "common/crypto/secrets.hpp"
#include "common/db/pool.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "copilot/audit/audit.hpp"
#include "copilot/execution/pg_executor.hpp"
#include "copilot/guardrail/parse_tree.hpp"
#include "copilot/memory/conversations.hpp"
#include "copilot/policy/policy.hpp"
#include "copilot/retrieval/retriever.hpp"
#include "copilot/risk/pg_risk_sources.hpp"
#include "copilot/workflow/guardrail_validation.hpp"
#include "copilot/workflow/pipeline.hpp"
#include "copilot/workflow/service_config.hpp"
#ifdef COPILOT_EMBEDDED_PLANNER
#include "copilot/workflow/embedded_stages.hpp"
#endif

namespace {

using namespace copilot;

std::string setting(const std::string& name, const std::string& root) {
  if (const char* v = std::getenv(name.c_str()); v != nullptr && *v != '\0') return v;
  std::ifstream in(root + "/.env");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + "=", 0) == 0) return line.substr(name.size() + 1);
  }
  std::cerr << name << " is not set (run scripts/setup)\n";
  std::exit(1);
}

// Arg 0: a ranking whose SQL does real work; arg 1: a count whose SQL is cheap, so that the
// pipeline's own overhead is not hidden by the database. 2: the ranking of 0 with other
// constants (one shape, one fingerprint).
const char* kQuestions[] = {"top 3 categories by revenue in July 2022",
                            "how many copies do we have in stock in total?",
                            "top 5 categories by revenue in June 2022"};

struct World {
  std::string root = workflow::find_root();
  common::db::ConnectionPool app{setting("APP_DATABASE_URL", root), 8, std::chrono::seconds(5),
                                 workflow::kAppSessionSetup};
  common::db::RawConnectionPool analytics{setting("ANALYTICS_DATABASE_URL", root), 8};
  policy::OrgPolicies policy{policy::read_rules_file(root + "/copilot/policy/rules.json"), nullptr,
                             std::chrono::milliseconds(0)};
  retrieval::HashingEmbedder embedder;
  retrieval::PgDocumentIndex index{app};
  retrieval::Retriever retriever{embedder, index};
  execution::PgExecutor executor{analytics, 5000};
  memory::PgConversationStore memory{app};
  audit::BatchingAuditWriter audit{app};
  workflow::GuardrailValidation validation;
  common::SystemClock clock;
#ifdef COPILOT_EMBEDDED_PLANNER
  workflow::EmbeddedStages stages{root + "/copilot/semantic/semantic_model.json"};
  workflow::Pipeline pipeline{{policy, retriever, stages.planning(), stages.generation(),
                               validation, executor, stages.presentation(), memory, audit, clock,
                               "2022-08-23T21:50:12Z", 5}};
#endif
  long user_id = 0;
  std::string sql[3];  // what the pipeline runs for each question

  World() {
    common::crypto::init_sodium();
    auto lease = app.acquire();
    pqxx::nontransaction tx(*lease);
    user_id = tx.exec1("SELECT user_id FROM app_login_lookup('manager_store1')")[0].as<long>();
  }

  workflow::RunRequest request(int question) const {
    workflow::RunRequest r;
    r.request_id = "bench-" + common::ids::new_uuid();
    r.question = kQuestions[question];
    r.user.role = Role::kStoreManager;
    r.user.store_ids = {1};
    r.user.username = "manager_store1";
    r.user_id = user_id;
    r.user.org_id = 1;
    return r;
  }
};

World& world() {
  static World kWorld;
  return kWorld;
}

double median(const std::vector<double>& v) {
  auto c = v;
  std::nth_element(c.begin(), c.begin() + static_cast<long>(c.size() / 2), c.end());
  return c[c.size() / 2];
}
double p95(const std::vector<double>& v) {
  auto c = v;
  const auto k = static_cast<long>(static_cast<double>(c.size() - 1) * 0.95);
  std::nth_element(c.begin(), c.begin() + k, c.end());
  return c[static_cast<size_t>(k)];
}

void per_request(benchmark::internal::Benchmark* b) {
  b->Iterations(1)
      ->Repetitions(300)
      ->ReportAggregatesOnly(true)
      ->Unit(benchmark::kMillisecond)
      ->ComputeStatistics("p50", median)
      ->ComputeStatistics("p95", p95)
      ->UseRealTime();
}

void BM_Retrieval(benchmark::State& state) {
  auto& w = world();
  for (auto _ : state) {
    benchmark::DoNotOptimize(w.retriever.retrieve(kQuestions[0], Role::kStoreManager, 5));
  }
}
BENCHMARK(BM_Retrieval)->Apply(per_request);

#ifdef COPILOT_EMBEDDED_PLANNER
const std::string& pipeline_sql(int question) {
  auto& w = world();
  auto& sql = w.sql[question];
  if (sql.empty()) {
    const auto result = w.pipeline.run(w.request(question));
    sql = result.body.value("sql", "");
    if (sql.empty()) {
      std::cerr << "the pipeline did not answer: " << result.body.dump() << "\n";
      std::exit(1);
    }
  }
  return sql;
}

void BM_RawExecution(benchmark::State& state) {
  auto& w = world();
  const std::string sql = pipeline_sql(static_cast<int>(state.range(0)));
  pqxx::connection connection(setting("ANALYTICS_DATABASE_URL", w.root));
  for (auto _ : state) {
    pqxx::read_transaction tx(connection);
    tx.exec0("SET LOCAL ROLE reader_store_manager; SET LOCAL app.store_ids = '1'");
    benchmark::DoNotOptimize(tx.exec(sql));
    tx.abort();
  }
}
BENCHMARK(BM_RawExecution)->Arg(0)->Arg(1)->Apply(per_request);

void BM_Pipeline(benchmark::State& state) {
  auto& w = world();
  const int question = static_cast<int>(state.range(0));
  pipeline_sql(question);
  for (auto _ : state) {
    const auto result = w.pipeline.run(w.request(question));
    if (result.http_status != 200) state.SkipWithError("pipeline failed");
  }
}
BENCHMARK(BM_Pipeline)->Arg(0)->Arg(1)->Apply(per_request);

// The pipeline's own cost per request: its wall time minus the time its db_execution stage spent
// running the SQL (the same statement, connection and transaction as in production, measured
// inside the run), so load on a shared machine and the database's own plan/caching noise stay
// out of the figure. Counters: p50 / p95 of that overhead and of the SQL time, in ms.
void BM_Overhead(benchmark::State& state) {
  auto& w = world();
  const int question = static_cast<int>(state.range(0));
  pipeline_sql(question);
  std::vector<double> overhead;
  std::vector<double> sql_ms;
  using Clock = std::chrono::steady_clock;
  for (auto _ : state) {
    double db_ms = 0;
    const auto t0 = Clock::now();
    const auto result = w.pipeline.run(w.request(question), [&](const StageEvent& e) {
      if (e.stage == "db_execution") db_ms = e.duration_ms;
    });
    const auto t1 = Clock::now();
    if (result.http_status != 200) state.SkipWithError("pipeline failed");
    overhead.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count() - db_ms);
    sql_ms.push_back(db_ms);
  }
  state.counters["overhead_p50_ms"] = median(overhead);
  state.counters["overhead_p95_ms"] = p95(overhead);
  state.counters["sql_p50_ms"] = median(sql_ms);
}
BENCHMARK(BM_Overhead)
    ->Arg(0)
    ->Arg(1)
    ->Iterations(300)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// What scoring a statement adds to an answer, for a statement the probe has never seen: a fresh
// probe each time (its EXPLAIN cache is empty), so every sample pays the EXPLAIN round trip and
// PostgreSQL's planning. The thresholds are read once, as in the service.
void BM_RiskStage(benchmark::State& state) {
  auto& w = world();
  const std::string& sql = pipeline_sql(static_cast<int>(state.range(0)));
  risk::PgThresholdSource thresholds{w.app, "default", w.clock};
  for (auto _ : state) {
    risk::PgExplainProbe probe{w.executor, w.clock, 1};
    risk::RiskScorer scorer{probe, thresholds};
    const auto assessed = scorer.assess(sql, Role::kStoreManager, {1}, "embedded_planner", 1);
    if (!assessed.explain_error.empty()) state.SkipWithError("EXPLAIN failed");
    benchmark::DoNotOptimize(assessed.score);
  }
}
BENCHMARK(BM_RiskStage)->Arg(0)->Arg(1)->Apply(per_request);

// The risk stage of a planner statement whose shape the probe has seen with other constants
// ("top 5 … in June" after "top 3 … in July"): the estimate is shared by fingerprint, so no
// EXPLAIN round trip — what most answers pay, since the planner's statements come in a few
// hundred shapes.
void BM_RiskStageSameShape(benchmark::State& state) {
  auto& w = world();
  const std::string& seen = pipeline_sql(0);
  const std::string& sql = pipeline_sql(2);
  if (guardrail::fingerprint_of(seen) != guardrail::fingerprint_of(sql)) {
    state.SkipWithError("the two questions do not share a shape");
    return;
  }
  risk::PgThresholdSource thresholds{w.app, "default", w.clock};
  for (auto _ : state) {
    state.PauseTiming();
    risk::PgExplainProbe probe{w.executor, w.clock, 16};
    risk::RiskScorer scorer{probe, thresholds};
    (void)scorer.assess(seen, Role::kStoreManager, {1}, "embedded_planner", 1);
    state.ResumeTiming();
    const auto assessed = scorer.assess(sql, Role::kStoreManager, {1}, "embedded_planner", 1);
    if (probe.explained() != 1) state.SkipWithError("the shape was explained again");
    benchmark::DoNotOptimize(assessed.score);
  }
}
BENCHMARK(BM_RiskStageSameShape)->Apply(per_request);

// The request path only queues an audit record; the writer stores batches off that path. Time
// column: µs per record() of a record shaped like an answered request's (log row + the 9 stage
// events with their details). Counters: records the writer stored per second (flush included)
// and records dropped (must be 0). The synthetic records are deleted afterwards.
void BM_AuditRecord(benchmark::State& state) {
  auto& w = world();
  const std::string& sql = pipeline_sql(0);
  const nlohmann::json details = {
      {"sql", sql}, {"retrieved", nlohmann::json::array({{{"id", 1}, {"score", 0.8}}})}};
  w.audit.flush();
  const auto written_before = w.audit.written();
  const auto started = std::chrono::steady_clock::now();
  for (auto _ : state) {
    audit::AuditRecord record;
    record.org_id = 1;
    record.request_id = "bench-audit-" + common::ids::new_uuid();
    record.user_id = w.user_id;
    record.username = "manager_store1";
    record.role = "store_manager";
    record.store_ids = {1};
    record.question = kQuestions[0];
    record.status = "ok";
    record.final_sql = sql;
    record.row_count = 3;
    record.path = "embedded_planner";
    record.total_ms = 12.5;
    for (const auto& name : workflow::stage_names()) {
      if (name == "failed") continue;
      record.events.push_back({name, "ok", 0.25, details});
    }
    w.audit.record(std::move(record));
  }
  w.audit.flush();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  state.counters["written_per_s"] =
      static_cast<double>(w.audit.written() - written_before) / seconds;
  state.counters["dropped"] = static_cast<double>(w.audit.dropped());
  // These records describe no real request. The app role cannot erase audit rows (the trail is
  // append-only for it), so scripts/bench deletes the 'bench-audit-%' rows as the database owner.
}
BENCHMARK(BM_AuditRecord)->Iterations(5000)->Unit(benchmark::kMicrosecond);

void BM_PipelineThroughput(benchmark::State& state) {
  auto& w = world();
  const int question = static_cast<int>(state.range(0));
  pipeline_sql(question);
  for (auto _ : state) {
    const auto result = w.pipeline.run(w.request(question));
    if (result.http_status != 200) state.SkipWithError("pipeline failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PipelineThroughput)
    ->Arg(1)
    ->Threads(4)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);
#endif

}  // namespace

int main(int argc, char** argv) {
  // Keep the service's per-request log lines out of the report.
  setenv("LOG_LEVEL", "error", 0);
  common::log::init("pipeline_bench");
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  world().audit.flush();
  benchmark::Shutdown();
  return 0;
}
