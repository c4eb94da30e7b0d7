// copilot/planning/planner.hpp — the embedded planner: a plain-English question (and the
// previous turn's semantic query, for follow-ups) → intent + semantic query over the semantic
// model. Deterministic and offline. Refuses metrics or dimensions the role may not read (with a
// suggestion), and asks for clarification instead of guessing when no metric is named or an
// entity is unknown.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "copilot/core/types.hpp"
#include "copilot/semantic/model.hpp"

namespace copilot::planning {

struct PlanRequest {
  std::string question;
  Role role = Role::kFinance;
  std::vector<int> store_ids;       // the effective scope of this request
  std::vector<int> user_store_ids;  // every store the user may see
  nlohmann::json previous;          // previous turn's semantic_query, or null
  std::string as_of;                // ISO timestamp of v_data_as_of
  std::vector<RetrievedDoc> retrieved;
  // The semantic queries of this conversation's answered turns, oldest first (the previous one
  // last): "the change between the two" compares the last two periods asked about.
  std::vector<nlohmann::json> earlier;
};

struct Plan {
  enum class Status { kOk, kNeedsClarification, kRefused };
  Status status = Status::kOk;
  std::string intent;             // kpi, trend, ranking, distribution, comparison, lookup
  nlohmann::json semantic_query;  // compiled by generation::compile
  std::vector<std::string> views_used;
  nlohmann::json filters = nlohmann::json::array();  // human-readable strings
  nlohmann::json time_range;                         // null or {label, from, to}
  nlohmann::json clarification;                      // {question, options:[{label, question}]}
  std::string refusal_code, refusal_reason, suggestion;
  std::string metric_label;   // the metric's label from the semantic model ("Late return rate")
  std::string metric_format;  // currency | number | percent
};

class Planner {
 public:
  explicit Planner(const semantic::Model& model) : model_(model) {}
  [[nodiscard]] Plan plan(const PlanRequest& request) const;

 private:
  const semantic::Model& model_;
};

// Lower-cases and splits a question into word tokens ("PG-13" stays one token).
std::vector<std::string> tokenize(const std::string& text);

}  // namespace copilot::planning
