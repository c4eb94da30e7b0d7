// copilot/risk/risk_scoring.hpp — the risk stage: how heavy or sensitive one statement is, scored
// after the guardrail accepted it and before it runs (issue 14).
//
// In:  a statement the guardrail accepted (one SELECT, LIMIT ≤ 200), the role, the request's
//      store scope and who wrote it (the generation path).
// Out: an Assessment — score 0-100, a level (low | medium | high | block, from the role's
//      thresholds) and the factors that made it, each {name, detail, weight}.
// Refuses nothing itself: the pipeline runs low, notes medium, holds high for approval and
// refuses block.
//
// Two sources of facts:
//   * the parse tree (libpg_query, as the guardrail reads it): relations and columns touched
//     (PII-adjacent ones weigh more), set-returning functions (generate_series) and
//     string-building functions (lpad, rpad, repeat) with their literal arguments, joins without
//     a join condition;
//   * PostgreSQL's own estimate: EXPLAIN (FORMAT JSON) as the role's reader, in the request's
//     scope (ExplainProbe) — total cost, rows, width, and the largest row count of any plan node.
// The resource factors (cost, rows, set-returning span, string size) do not add up: the largest
// one counts, so one heavy statement is not counted three times for one reason. Who wrote it,
// PII-adjacent columns and cartesian joins add to it.
//
// EXPLAIN plans without executing, but the planner folds constant expressions: EXPLAIN of
// lpad('x', 100000000, 'y') builds that 100 MB string while planning. A statement that builds a
// string above kMaxExplainedStringBytes from literals is therefore never EXPLAINed; its literal
// arguments alone score it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "copilot/core/roles.hpp"

namespace copilot::risk {

enum class Level { kLow, kMedium, kHigh, kBlock };
std::string_view level_name(Level level);

struct Factor {
  std::string name;  // e.g. "estimated_cost", "string_building", "cartesian_join"
  std::string detail;
  int weight = 0;
};

struct Thresholds {
  int medium_at = 30;
  int high_at = 60;
  int block_at = 90;
};
Level level_of(int score, const Thresholds& thresholds);

// PostgreSQL's estimate of one statement's plan.
struct PlanEstimate {
  double total_cost = 0;
  double rows = 0;  // of the top node
  int width = 0;    // of the top node, bytes
  double max_node_rows = 0;
};

// The EXPLAIN boundary: the real one runs EXPLAIN (FORMAT JSON) on the analytics database as the
// role's reader (pg_risk_sources.hpp); tests use a fake. Throws on failure.
// `shape` says which statements may share one estimate (in one role and scope): the scorer's
// choice, see shape_of().
class ExplainProbe {
 public:
  virtual ~ExplainProbe() = default;
  virtual PlanEstimate explain(const std::string& sql, const std::string& shape, Role role,
                               const std::vector<int>& store_ids) = 0;
};

// The role's thresholds, as data (risk_thresholds, pg_risk_sources.hpp).
class ThresholdSource {
 public:
  virtual ~ThresholdSource() = default;
  // The thresholds of this organisation for this role.
  virtual Thresholds for_role(long long org_id, Role role) = 0;
};

// What the parse tree says about one statement.
struct StatementFacts {
  bool parsed = false;
  std::vector<std::string> relations;
  std::vector<std::string> pii_columns;  // PII-adjacent columns referenced (masked names, email)
  struct Call {
    std::string name;
    std::optional<double> size;  // literal span (set-returning) or length (string-building)
  };
  std::vector<Call> set_returning;
  std::vector<Call> string_building;
  int cartesian_joins = 0;  // CROSS JOIN / JOIN ON true / comma joins without WHERE
  // The largest string a literal argument asks for: above kMaxExplainedStringBytes the statement
  // is not EXPLAINed (constant folding would build it while planning).
  double largest_literal_string = 0;
};

inline constexpr double kMaxExplainedStringBytes = 1024.0 * 1024.0;
// PostgreSQL's largest value (1 GB): a string above it can never be built.
inline constexpr double kMaxStringBytes = 1024.0 * 1024.0 * 1024.0 - 1;

StatementFacts analyse(std::string_view sql);

enum class Author { kPlanner, kModel, kReviewer };
// "embedded_planner" → planner, "model:<name>" → model, "reviewer…" → reviewer.
Author author_of(std::string_view path);

// What an estimate may be cached under. A statement the embedded planner compiled, with no
// set-returning or string-building call and no join without a condition, is one of the planner's
// own shapes: its constants are dates, limits (≤ 200) and thresholds read from the question, which
// move PostgreSQL's estimate within one order of magnitude at most — "fp:" + its fingerprint, so
// "top 3 categories in July" and "top 5 categories in August" share one EXPLAIN. Anything else —
// a model's or a reviewer's statement, or one whose cost lies in its constants
// (generate_series(1, 10) and generate_series(1, 1e11) share a fingerprint) — "sql:" + its exact
// text.
std::string shape_of(std::string_view sql, const StatementFacts& facts, Author author);

struct Assessment {
  int score = 0;
  Level level = Level::kLow;
  std::vector<Factor> factors;
  std::string note;  // medium: what the user is told; high/block: why
  std::optional<PlanEstimate> estimate;
  std::string explain_error;  // EXPLAIN failed or was skipped: why
  double explain_ms = 0;
  [[nodiscard]] nlohmann::json to_json() const;  // {score, level, factors, note?}
};

// The pure scoring: facts + estimate (absent when EXPLAIN failed or was skipped) → assessment.
Assessment score(const StatementFacts& facts, const std::optional<PlanEstimate>& estimate,
                 const std::string& explain_error, Author author, Role role,
                 const Thresholds& thresholds);

// The stage: parse, EXPLAIN (unless unsafe), score against the role's thresholds.
class RiskScorer {
 public:
  RiskScorer(ExplainProbe& probe, ThresholdSource& thresholds)
      : probe_(probe), thresholds_(thresholds) {}
  // org_id: whose thresholds apply (the requester's organisation).
  Assessment assess(const std::string& sql, Role role, const std::vector<int>& store_ids,
                    std::string_view path, long long org_id);

 private:
  ExplainProbe& probe_;
  ThresholdSource& thresholds_;
};

}  // namespace copilot::risk
