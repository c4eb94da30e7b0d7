// copilot/workflow/stages.hpp — the boundaries between the workflow and the stages it runs.
// Each is a small interface: the embedded implementation (embedded_stages.hpp) wraps the
// planner, compiler, model generator, guardrail, narrator and widget builder; tests use fakes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "copilot/core/roles.hpp"
#include "copilot/core/types.hpp"
#include "copilot/memory/conversations.hpp"

namespace copilot::workflow {

// Everything planning and generation may use to understand the question.
struct PlanInput {
  std::string request_id;
  std::string question;
  Role role = Role::kFinance;
  std::vector<int> store_ids;         // the request's scope (narrowed to store_id when given)
  std::vector<int> user_store_ids;    // every store of the user
  std::vector<memory::Turn> history;  // this conversation's last turns, oldest first
  nlohmann::json previous;            // the previous turn's semantic query (null: none)
  std::string as_of;                  // the data's "now", ISO timestamp
  std::vector<RetrievedDoc> retrieved;
  std::string org_slug;  // the asker's organisation (its prompt-pack overrides, if any)
  // The user's first day of the week (a preference): "monday" or "sunday". The embedded plan is
  // the same either way (the week is cut when compiling); a model is told.
  std::string week_start = "monday";
};

struct PlanResult {
  enum class Status { kOk, kNeedsClarification, kRefused };
  Status status = Status::kOk;
  std::string intent;  // kpi | trend | ranking | distribution | comparison | lookup
  nlohmann::json semantic_query;
  std::vector<std::string> views_used;
  nlohmann::json filters = nlohmann::json::array();
  nlohmann::json time_range;     // {label, from, to} or null
  nlohmann::json clarification;  // {question, options: [{label, question}]} when clarifying
  std::string refusal_code;      // policy_denied | scope_denied when refused
  std::string refusal_reason;
  std::string suggestion;
  std::string metric_label;   // from the semantic model, for the narrative
  std::string metric_format;  // currency | number | percent
  std::string metric_kind;    // count | amount | average | ratio
  // Further measures beside the metric, in the order of semantic_query.also ([{name, label,
  // format, kind}]).
  nlohmann::json also_measures = nlohmann::json::array();
  bool cache_hit = false;  // the plan came from the plan cache (stage_caches.hpp)
  // How each part of the question was read ([{text, as, meaning}], explain.understanding) and
  // the words nothing in the plan accounts for.
  nlohmann::json understood = nlohmann::json::array();
  std::vector<std::string> not_understood;
  // A clarification because words were not understood (or the question is outside the data): a
  // configured model may still answer it, the embedded plan never.
  bool partial = false;
  bool out_of_domain = false;
  // The user's preference: amounts read in whole dollars (narrative and charts).
  bool money_without_cents = false;
};

class PlanningStage {
 public:
  virtual ~PlanningStage() = default;
  virtual PlanResult plan(const PlanInput& input) = 0;
};

struct GenerationResult {
  bool ok = false;
  std::string sql;
  std::string path;               // "embedded_planner" | "model:<name>"
  nlohmann::json semantic_query;  // the one the SQL came from (null for raw model SQL)
  std::vector<std::string> views_used;
  std::string error_code;  // when !ok
  std::string error;
  nlohmann::json details = nlohmann::json::object();  // audit extras (model attempts, usage)
};

class GenerationStage {
 public:
  virtual ~GenerationStage() = default;
  virtual GenerationResult generate(const PlanInput& input, const PlanResult& plan) = 0;
  // True when this stage can answer a question the embedded planner did not fully understand
  // (a configured model); the embedded path alone never answers one.
  [[nodiscard]] virtual bool answers_unplanned() const { return false; }
};

struct ValidationResult {
  bool accepted = false;
  std::string reason_code;
  std::string reason;
  std::string sql;  // what may run
  std::string fingerprint;
  int effective_limit = 0;
  bool cache_hit = false;  // the verdict came from the verdict cache (stage_caches.hpp)
};

class ValidationStage {
 public:
  virtual ~ValidationStage() = default;
  virtual ValidationResult validate(std::string_view sql, Role role) = 0;
};

struct Narrative {
  std::string answer;
  std::vector<std::string> suggestions;
};

class PresentationStage {
 public:
  virtual ~PresentationStage() = default;
  virtual Narrative narrate(const PlanResult& plan, const ResultSet& rows,
                            const std::string& as_of) = 0;
  virtual nlohmann::json widgets(const PlanResult& plan, const ResultSet& rows) = 0;
};

}  // namespace copilot::workflow
