// Fakes at the generator's boundaries: a settable clock, a sleeper that records instead of
// sleeping, and stand-ins for the semantic compiler, the guardrail and the database probe.
#pragma once

#include <chrono>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/time/clock.hpp"
#include "copilot/core/roles.hpp"
#include "copilot/generation/generator.hpp"

namespace copilot::generation::testing {

class FakeClock final : public common::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override {
    std::lock_guard lock(mutex_);
    return std::chrono::system_clock::time_point(
               std::chrono::duration_cast<std::chrono::system_clock::duration>(offset_)) +
           std::chrono::hours(24 * 365 * 52);
  }
  [[nodiscard]] std::chrono::steady_clock::time_point steady_now() const override {
    std::lock_guard lock(mutex_);
    return std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(offset_));
  }
  void advance(std::chrono::milliseconds by) {
    std::lock_guard lock(mutex_);
    offset_ += by;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::milliseconds offset_{1000000};
};

// Records every wait and moves the fake clock forward by it: no test sleeps for a backoff.
class RecordingSleeper final : public Sleeper {
 public:
  explicit RecordingSleeper(FakeClock& clock) : clock_(clock) {}
  void sleep_for(std::chrono::milliseconds duration) override {
    std::lock_guard lock(mutex_);
    waits_.push_back(duration);
    clock_.advance(duration);
  }
  std::vector<std::chrono::milliseconds> waits() const {
    std::lock_guard lock(mutex_);
    return waits_;
  }

 private:
  FakeClock& clock_;
  mutable std::mutex mutex_;
  std::vector<std::chrono::milliseconds> waits_;
};

inline const char* kRevenueByMonthSql =
    "SELECT date_trunc('month', payment_date) AS month, sum(amount) AS revenue "
    "FROM v_payment_scoped GROUP BY 1 ORDER BY 1";

inline CompileResult compile_error(std::string message) {
  CompileResult result;
  result.error = std::move(message);
  return result;
}

inline CompileResult compiled(std::string sql, std::vector<std::string> views) {
  CompileResult result;
  result.ok = true;
  result.sql = std::move(sql);
  result.views_used = std::move(views);
  return result;
}

// Stand-in for generation::compile against the semantic model: knows the metric "revenue" and
// the dimensions "month" and "film".
inline CompileResult fake_compile(const nlohmann::json& query) {
  if (!query.contains("metrics") || !query["metrics"].is_array() || query["metrics"].empty()) {
    return compile_error("a semantic query needs at least one metric");
  }
  for (const auto& metric : query["metrics"]) {
    if (metric != "revenue") {
      return compile_error("unknown metric '" + metric.dump() + "'");
    }
  }
  std::string dimension = "month";
  if (query.contains("dimensions") && query["dimensions"].is_array() &&
      !query["dimensions"].empty()) {
    dimension = query["dimensions"][0].get<std::string>();
  }
  if (dimension == "month") return compiled(kRevenueByMonthSql, {"v_payment_scoped"});
  if (dimension == "film") {
    return compiled(
        "SELECT f.title, sum(p.amount) AS revenue FROM v_payment_scoped p JOIN film f "
        "USING (film_id) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10",
        {"v_payment_scoped", "film"});
  }
  return compile_error("unknown dimension '" + dimension + "'");
}

// Stand-in for the guardrail (the real one walks libpg_query's tree; this fake only looks at the
// names after FROM / JOIN, which is enough for scripted test SQL).
inline GuardrailResult fake_guardrail(Role role, const std::string& sql) {
  static const std::regex kRelation(R"((?:from|join)\s+([a-z_][a-z0-9_\.]*))", std::regex::icase);
  const auto allowed = readable_relations(role);
  GuardrailResult result;
  result.accepted = true;
  for (auto it = std::sregex_iterator(sql.begin(), sql.end(), kRelation);
       it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1].str();
    if (!allowed.contains(name)) {
      GuardrailResult refused;
      refused.reason_code = "relation_not_allowed";
      refused.reason =
          "relation \"" + name + "\" is not readable by role " + std::string(role_name(role));
      return refused;
    }
    result.relations.push_back(name);
  }
  return result;
}

// Stand-in for EXPLAIN on the database: columns that do not exist in the scoped views.
inline std::optional<std::string> fake_probe(const std::string& sql) {
  for (const char* column : {"revenue_total", "customer_name", "store_revenue"}) {
    if (sql.find(column) != std::string::npos) {
      return std::string("column \"") + column + "\" does not exist";
    }
  }
  return std::nullopt;
}

inline GenerationInput revenue_question(Role role = Role::kFinance) {
  GenerationInput input;
  input.request_id = "req-test";
  input.question = "revenue by month";
  input.role = role;
  input.as_of = "2022-08-23";
  input.schema = {{"v_payment_scoped",
                   {"payment_id", "customer_id", "film_id", "store_id", "amount", "payment_date"}},
                  {"film", {"film_id", "title", "rating"}}};
  input.retrieved = {{1, "metric.revenue", "metric", "Revenue",
                      "Revenue is sum(amount) over v_payment_scoped.", 0.91}};
  input.memory = {
      {"how many payments last month?", "SELECT count(*) FROM v_payment_scoped", "1,234 payments"}};
  input.embedded_semantic_query = {{"metrics", {"revenue"}}, {"dimensions", {"month"}}};
  input.semantic_catalog = "metrics: revenue. dimensions: month, film.";
  input.compile = fake_compile;
  input.guardrail = [role](const std::string& sql) { return fake_guardrail(role, sql); };
  input.probe = fake_probe;
  return input;
}

inline ModelConfig test_config(const std::string& base_url, std::vector<std::string> models) {
  ModelConfig config;
  config.base_url = base_url;
  config.api_key = "test-key";
  config.models = std::move(models);
  config.call_timeout = std::chrono::milliseconds(2000);
  config.total_budget = std::chrono::milliseconds(20000);
  config.retry.max_attempts = 3;
  config.retry.base_backoff = std::chrono::milliseconds(100);
  config.retry.max_backoff = std::chrono::milliseconds(1000);
  config.prompt_dir = COPILOT_PROMPTS_DIR;
  return config;
}

}  // namespace copilot::generation::testing
