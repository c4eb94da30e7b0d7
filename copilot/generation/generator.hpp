// copilot/generation/generator.hpp — the llm_generation stage: a question becomes SQL, written by
// the configured models when there are any, else by the embedded planner.
//
// In:  GenerationInput — the question, the role, its allowed relations and columns, retrieved
//      documents, conversation memory, the embedded planner's semantic query (the last resort),
//      and three callbacks the workflow binds to the real semantic compiler, guardrail and
//      database (so this library depends on none of their builds).
// Out: GenerationOutput — the SQL, which path answered ("model:<name>" or "embedded_planner"),
//      the semantic query when there is one, every model call for audit (model, step, outcome,
//      latency, tokens, cost), the prompt pack version and the summed usage.
// Order, per model: structured output (a JSON semantic query, validated and compiled), else raw
//      SQL; SQL that the guardrail or the database refuses gets one repair round with the error
//      fed back; then the next model; then the embedded planner. Model SQL is never returned
//      without passing the guardrail callback.
// Refuses: nothing itself; when no path yields SQL, ok=false with the reason (e.g. every model's
//      SQL was refused by the guardrail and the embedded planner has no plan).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/time/clock.hpp"
#include "copilot/core/roles.hpp"
#include "copilot/core/types.hpp"
#include "copilot/generation/model_client.hpp"
#include "copilot/generation/model_config.hpp"
#include "copilot/generation/resilience.hpp"

namespace copilot::generation {

// A relation the role may read and the columns the prompt shows for it.
struct RelationColumns {
  std::string relation;
  std::vector<std::string> columns;
};

// One earlier turn of the conversation (the memory the prompt carries).
struct MemoryTurn {
  std::string question;
  std::string sql;
  std::string answer;
};

struct GuardrailResult {
  bool accepted = false;
  std::string reason_code;             // e.g. relation_not_allowed
  std::string reason;                  // human readable, fed back to the model in the repair round
  std::vector<std::string> relations;  // optional: relations the statement reads
};

struct CompileResult {
  bool ok = false;
  std::string sql;
  std::vector<std::string> views_used;
  std::string error;       // why the semantic query is invalid (unknown metric, column, ...)
  std::string error_code;  // the compiler's stable code (e.g. policy_denied); empty: compile_failed
  // The query as compiled, when the callback normalised it (e.g. the request's store scope forced
  // in); null: the query as given.
  nlohmann::json semantic_query;
};

struct GenerationInput {
  std::string request_id;
  std::string question;
  Role role = Role::kFinance;
  std::vector<RelationColumns> schema;  // the role's allowed relations and their columns
  std::vector<RetrievedDoc> retrieved;  // most relevant first
  std::vector<MemoryTurn> memory;       // oldest first
  std::string as_of;                    // the data's "now", e.g. 2022-08-23
  std::string org;  // the asker's organisation's slug; its pack overrides apply when they exist
  std::string week_start = "monday";  // the user's preference: "monday" | "sunday"
  // The embedded planner's semantic query for this question (null: it has none).
  nlohmann::json embedded_semantic_query;
  // The semantic model for the structured step: the JSON schema of a semantic query (null: a
  // built-in generic one) and a short text listing metrics and dimensions for the prompt.
  nlohmann::json semantic_query_schema;
  std::string semantic_catalog;

  // Validates a semantic query against the semantic model and compiles it for the role.
  std::function<CompileResult(const nlohmann::json& semantic_query)> compile;
  // The SQL guardrail for the role (required: model SQL never bypasses it).
  std::function<GuardrailResult(const std::string& sql)> guardrail;
  // Optional dry run on the database (e.g. EXPLAIN as the role's reader): the error, or nullopt.
  std::function<std::optional<std::string>(const std::string& sql)> probe;
  // Optional: receives the model's tokens as they stream (when LLM_STREAM is on).
  std::function<void(std::string_view)> on_token;
};

struct GenerationOutput {
  bool ok = false;
  std::string sql;
  std::string path;               // "model:<name>" | "embedded_planner" | "" when nothing answered
  std::string mode;               // structured | sql | repair | embedded
  nlohmann::json semantic_query;  // null for raw SQL
  std::vector<std::string> views_used;
  nlohmann::json attempts = nlohmann::json::array();  // one entry per model call
  std::string prompt_pack_version;
  nlohmann::json usage;         // summed {prompt_tokens, completion_tokens, total_tokens, cost}
  std::string fallback_reason;  // why the embedded planner answered (no_model_configured, ...)
  std::string error_code;       // when !ok: guardrail_rejected | no_plan | compile_failed
  std::string error;

  // The llm_generation stage's audit details (path, attempts, usage, prompt pack, ...).
  [[nodiscard]] nlohmann::json audit_details() const;
};

// A versioned prompt pack: prompts/<version>/{system,structured,sql,repair}.md,
// roles/<role>.md, and orgs/<org>/ overriding any of them. Loaded once at start.
class PromptPack {
 public:
  // Throws common::config::ConfigError when a required file is missing.
  static PromptPack load(const std::string& root, const std::string& version);

  // The file for `name` (e.g. "system.md", "roles/finance.md"), the org's copy when it has one.
  [[nodiscard]] const std::string& file(const std::string& name, const std::string& org) const;
  // e.g. "v1@3f2a9c1d" or "v1/example@77ab01fe": the version and a hash of the files used.
  [[nodiscard]] std::string version(const std::string& org) const;
  [[nodiscard]] bool has_org(const std::string& org) const { return orgs_.contains(org); }

 private:
  [[nodiscard]] std::string compute_version(const std::string& org) const;

  std::string version_;
  std::map<std::string, std::string> versions_;  // by org ("" = the pack itself)
  std::map<std::string, std::string> files_;
  std::map<std::string, std::map<std::string, std::string>> orgs_;
};

// "Hello {{name}}" with {name: "x"} → "Hello x". Unknown placeholders are left as they are.
std::string render_template(std::string_view text, const std::map<std::string, std::string>& vars);
// The SQL inside a model's answer: code fences and a trailing semicolon removed.
std::string extract_sql(std::string_view content);
// The JSON object inside a model's answer (code fences tolerated); discarded JSON when none.
nlohmann::json extract_json(std::string_view content);

class Generator {
 public:
  // `client` is shared by all models of the config (one endpoint). All references must outlive
  // the generator. Thread-safe: one generator serves every request.
  Generator(ModelConfig config, PromptPack prompts, ModelClient& client, const common::Clock& clock,
            Sleeper& sleeper, uint64_t jitter_seed = 0x5eed);

  GenerationOutput generate(const GenerationInput& input);

  // The messages a step would send (exposed for tests and for debugging prompts).
  [[nodiscard]] std::vector<ChatMessage> prompt(const GenerationInput& input,
                                                bool structured) const;
  [[nodiscard]] const ModelConfig& config() const { return config_; }
  [[nodiscard]] CircuitBreaker& breaker(const std::string& model) {
    return breakers_.for_model(model);
  }

 private:
  bool try_model(const std::string& model, const GenerationInput& input, const Budget& budget,
                 GenerationOutput& out, std::string& last_refusal);
  void answer_with_embedded_planner(const GenerationInput& input, GenerationOutput& out,
                                    const std::string& reason, const std::string& last_refusal);
  ResilientResult call(const std::string& model, const std::string& step,
                       std::vector<ChatMessage> messages, nlohmann::json response_format,
                       const GenerationInput& input, const Budget& budget, GenerationOutput& out);
  Usage priced(Usage usage) const;
  [[nodiscard]] const std::string& prompt_org(const GenerationInput& input) const;

  ModelConfig config_;
  PromptPack prompts_;
  ModelClient& client_;
  const common::Clock& clock_;
  Sleeper& sleeper_;
  BreakerRegistry breakers_;
  Jitter jitter_;
};

// A generic JSON schema for a semantic query, used when the input brings none.
const nlohmann::json& default_semantic_query_schema();

}  // namespace copilot::generation
