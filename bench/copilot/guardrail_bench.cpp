// Guardrail latency: µs per check() on the public accept corpus (target ≤ 50 µs per query).
// Reads ../shared/security/sql_must_accept.tsv (from the working directory, else beside the
// source tree); fails when it is missing rather than measuring nothing.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "copilot/core/roles.hpp"
#include "copilot/guardrail/guardrail.hpp"

namespace {

std::vector<std::string> accept_corpus() {
  std::vector<std::string> queries;
  for (const std::filesystem::path& dir :
       {std::filesystem::path("../shared/security"), std::filesystem::path(COPILOT_SECURITY_DIR)}) {
    std::ifstream in(dir / "sql_must_accept.tsv");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#' || line.rfind("id\t", 0) == 0) continue;
      const auto tab1 = line.find('\t');
      const auto tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
      if (tab2 != std::string::npos) queries.push_back(line.substr(tab2 + 1));
    }
    if (!queries.empty()) break;
  }
  return queries;
}

void BM_GuardrailCheckAcceptCorpus(benchmark::State& state) {
  static const std::vector<std::string> kQueries = accept_corpus();
  if (kQueries.empty()) {
    state.SkipWithError("../shared/security/sql_must_accept.tsv not found");
    return;
  }
  const std::set<std::string> relations = copilot::readable_relations(copilot::Role::kAdmin);
  std::size_t i = 0;
  std::size_t accepted = 0;
  for (auto _ : state) {
    const auto verdict = copilot::guardrail::check(kQueries[i], relations);
    accepted += verdict.accepted ? 1 : 0;
    benchmark::DoNotOptimize(verdict);
    i = (i + 1) % kQueries.size();
  }
  state.counters["queries"] = static_cast<double>(kQueries.size());
  state.counters["accepted_share"] =
      static_cast<double>(accepted) / static_cast<double>(state.iterations());
  state.SetLabel("µs per query = Time column (us)");
}
// Repeated, so one noisy run on a shared 2-core machine shows as spread (mean/median/stddev/cv)
// rather than passing for the figure.
BENCHMARK(BM_GuardrailCheckAcceptCorpus)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

void BM_GuardrailCheckReject(benchmark::State& state) {
  const std::set<std::string> relations = copilot::readable_relations(copilot::Role::kFinance);
  for (auto _ : state) {
    benchmark::DoNotOptimize(copilot::guardrail::check(
        "SELECT c.email FROM v_customer_masked m JOIN customer c USING (customer_id)", relations));
  }
}
BENCHMARK(BM_GuardrailCheckReject)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
