// copilot/planning/planner.hpp — the embedded planner: a plain-English question (and the
// previous turn's semantic query, for follow-ups) → intent + semantic query over the semantic
// model. Deterministic and offline. Refuses metrics or dimensions the role may not read (with a
// suggestion), and asks for clarification instead of guessing when no metric is named or an
// entity is unknown.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "copilot/core/types.hpp"
#include "copilot/planning/normalize.hpp"
#include "copilot/planning/value_index.hpp"
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
  // Whether the conversation's latest turn was answered (previous is then its query): "those"
  // after a question that was declined has nothing to point at, even if an older turn was answered.
  bool previous_is_latest = true;
  // The question is the second clause of the sentence `previous` was planned from ("…, and how
  // many of them are in English?"): it continues that question even without "those" or "and".
  bool same_sentence = false;
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
  std::string metric_kind;    // count | amount | average | ratio (how the narrative words it)
  // How each part of the question was read: [{text, as, meaning}] in question order (explain).
  nlohmann::json understood = nlohmann::json::array();
  // Words nothing in the plan accounts for (the plan is then a clarification, never an answer).
  std::vector<std::string> not_understood;
  // A clarification because words were not understood, or the question is outside the data:
  // a configured model may still try (never the embedded plan, which would ignore them).
  bool partial = false;
  bool out_of_domain = false;
  // Further measures answered beside the metric ("revenue and rentals in June"), in the order of
  // the semantic query's `also`: [{name, label, format, kind}].
  nlohmann::json also_measures = nlohmann::json::array();
};

// A synonym of a measure, breakdown or attribute, already split into the planner's words.
struct SynonymPhrase {
  std::vector<std::string> words;
  std::string name;
  bool singular = false;
};
// Longest first: the order in which phrases claim the words of a question.
using SynonymTable = std::vector<SynonymPhrase>;

class Planner {
 public:
  // `values`: names from the data (films, actors, cities, ...), refreshed by the service; null
  // reads only what the semantic model lists.
  explicit Planner(const semantic::Model& model, const ValueCatalog* values = nullptr);
  [[nodiscard]] Plan plan(const PlanRequest& request) const;
  // A film title from the data (empty without values): a stand-in for "it" when a clause asks a
  // fact of each film another clause lists ("…, and what's its rental rate?").
  [[nodiscard]] std::string a_film_title() const;
  // Two plans that differ only in their measure, as one plan answering both (a's measure
  // first), else nothing.
  [[nodiscard]] std::optional<Plan> combine_measures(Plan a, Plan b) const;

 private:
  // Two readings of one question, each with one of its two measures: one plan answering both
  // when they agree on everything else, else nothing.
  [[nodiscard]] std::optional<Plan> plan_two_measures(const PlanRequest& request,
                                                      const std::string& first,
                                                      const std::string& second) const;
  // Two clauses asking two figures ("revenue in June, and how many rentals?"): one plan answering
  // both side by side when nothing but the measure differs between them, else nothing.
  [[nodiscard]] std::optional<Plan> plan_two_clauses(const PlanRequest& request,
                                                     const std::string& first,
                                                     const std::string& second) const;
  const semantic::Model& model_;
  const ValueCatalog* values_;
  // The semantic model's synonyms, split once (not on every question).
  SynonymTable metric_synonyms_, dimension_synonyms_, attribute_synonyms_, verb_synonyms_;
};

// Every word the planner knows without the data's values: the semantic model's synonyms and
// entities, the lexicon, time, stores and units. The spelling vocabulary of the value index.
std::set<std::string> planner_vocabulary(const semantic::Model& model);

}  // namespace copilot::planning
