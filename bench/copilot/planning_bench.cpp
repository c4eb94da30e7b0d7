// Planning latency and the value index's size (issue 12 targets: planning ≤ 1 ms p50, the value
// index ≤ 20 MB resident).
//
//   BM_Planning        one plan per question of eval/questions.jsonl, round-robin, with the
//                      data's values loaded from the analytics database (ANALYTICS_DATABASE_URL):
//                      the embedded planner as the service runs it (p50 over the whole set)
//   BM_ValueIndexLoad  reading the values from PostgreSQL and building the index; its counters
//                      say how many values and how many bytes the index holds, and how much the
//                      process grew (resident) to hold it
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/config/env.hpp"
#include "common/db/pool.hpp"
#include "copilot/planning/pg_value_source.hpp"
#include "copilot/planning/planner.hpp"
#include "copilot/semantic/model.hpp"

namespace {

using copilot::planning::Planner;
using copilot::planning::ValueCatalog;

const copilot::semantic::Model& model() {
  static const auto m = copilot::semantic::load_model(COPILOT_SEMANTIC_MODEL);
  return m;
}

common::db::ConnectionPool& analytics() {
  static common::db::ConnectionPool pool(
      [] {
        const auto url = common::config::env("ANALYTICS_DATABASE_URL");
        if (!url) throw std::runtime_error("ANALYTICS_DATABASE_URL is not set");
        return *url;
      }(),
      1);
  return pool;
}

ValueCatalog& catalog() {
  static ValueCatalog c(copilot::planning::planner_vocabulary(model()));
  static const bool loaded = [] {
    copilot::planning::PgValueSource source(analytics());
    c.load(source.load());
    return true;
  }();
  (void)loaded;
  return c;
}

struct Asked {
  std::string question;
  copilot::Role role;
  std::vector<int> stores;
};

const std::vector<Asked>& questions() {
  static const std::vector<Asked> all = [] {
    std::ifstream in(COPILOT_EVAL_QUESTIONS);
    if (!in) throw std::runtime_error("cannot read " COPILOT_EVAL_QUESTIONS);
    const std::map<std::string, std::pair<copilot::Role, std::vector<int>>> seats = {
        {"admin_user", {copilot::Role::kAdmin, {1, 2}}},
        {"manager_store1", {copilot::Role::kStoreManager, {1}}},
        {"manager_multi", {copilot::Role::kStoreManager, {1, 2}}},
        {"marketing_user", {copilot::Role::kMarketing, {1, 2}}},
        {"finance_user", {copilot::Role::kFinance, {1}}}};
    std::vector<Asked> out;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      const auto q = nlohmann::json::parse(line);
      const auto& seat = seats.at(q.at("user").get<std::string>());
      out.push_back({q.at("question").get<std::string>(), seat.first, seat.second});
    }
    return out;
  }();
  return all;
}

long resident_kb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

void BM_Planning(benchmark::State& state) {
  const Planner planner(model(), &catalog());
  const auto& all = questions();
  size_t i = 0;
  for (auto _ : state) {
    const auto& q = all[i++ % all.size()];
    auto plan = planner.plan(
        {q.question, q.role, q.stores, q.stores, nullptr, "2022-08-23T21:50:12Z", {}, {}});
    benchmark::DoNotOptimize(plan);
  }
  state.counters["questions"] = static_cast<double>(all.size());
}
BENCHMARK(BM_Planning)->Unit(benchmark::kMicrosecond)->Repetitions(3)->ReportAggregatesOnly(true);

// Each question timed on its own (10 rounds over the set): the distribution, as counters in ms.
void BM_PlanningPerQuestion(benchmark::State& state) {
  const Planner planner(model(), &catalog());
  const auto& all = questions();
  std::vector<double> ms;
  for (auto _ : state) {
    for (int round = 0; round < 10; ++round) {
      for (const auto& q : all) {
        const auto started = std::chrono::steady_clock::now();
        auto plan = planner.plan(
            {q.question, q.role, q.stores, q.stores, nullptr, "2022-08-23T21:50:12Z", {}, {}});
        benchmark::DoNotOptimize(plan);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count());
      }
    }
  }
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[static_cast<size_t>(q * static_cast<double>(ms.size() - 1))];
  };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p95_ms"] = at(0.95);
  state.counters["p99_ms"] = at(0.99);
  state.counters["max_ms"] = ms.back();
}
BENCHMARK(BM_PlanningPerQuestion)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_ValueIndexLoad(benchmark::State& state) {
  copilot::planning::PgValueSource source(analytics());
  const auto vocabulary = copilot::planning::planner_vocabulary(model());
  size_t values = 0, bytes = 0;
  long grown_kb = 0;
  for (auto _ : state) {
    const long before = resident_kb();
    ValueCatalog fresh(vocabulary);
    fresh.load(source.load());
    const auto index = fresh.current();
    values = index->size();
    bytes = index->memory_bytes();
    grown_kb = resident_kb() - before;
    benchmark::DoNotOptimize(index);
  }
  state.counters["values"] = static_cast<double>(values);
  state.counters["index_MB"] = static_cast<double>(bytes) / (1024.0 * 1024.0);
  state.counters["rss_growth_MB"] = static_cast<double>(grown_kb) / 1024.0;
}
BENCHMARK(BM_ValueIndexLoad)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
