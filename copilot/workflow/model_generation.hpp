// copilot/workflow/model_generation.hpp — the llm_generation stage when a model is configured.
//
// In:  the question, the role, its store scope, the retrieved documents, the conversation memory
//      and the embedded planner's plan (its semantic query is the last resort).
// Out: SQL with path "model:<name>" (structured output compiled by the semantic model, raw SQL,
//      or SQL fixed in a repair round) or "embedded_planner", and audit details: every model call
//      (model, step, outcome, latency, tokens, cost), summed usage, the prompt pack version and
//      why the embedded planner answered when it did.
// Binds the generator (copilot/generation/generator.hpp) to the real pieces: the semantic
// compiler for the role (the request's store scope and as-of forced into every model-written
// semantic query), the SQL guardrail with the role's readable relations, and optionally EXPLAIN
// on the analytics database as the role's reader (catches a hallucinated column before the
// execution stage, so the error can be fed back in the repair round).
// Refuses: model SQL the guardrail rejects is never returned; the pipeline's validation stage
// checks whatever is returned once more.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/time/clock.hpp"
#include "copilot/execution/executor.hpp"
#include "copilot/generation/generator.hpp"
#include "copilot/generation/model_client.hpp"
#include "copilot/generation/model_config.hpp"
#include "copilot/generation/resilience.hpp"
#include "copilot/semantic/model.hpp"
#include "copilot/workflow/stages.hpp"

namespace copilot::workflow {

class ModelGeneration final : public GenerationStage {
 public:
  // Production: calls the configured endpoint over libcurl and sleeps for real between retries.
  // `probe` (may be null): the analytics database (not the result cache) for EXPLAIN.
  // Throws common::config::ConfigError when the prompt pack is missing.
  ModelGeneration(const generation::ModelConfig& config, semantic::Model model,
                  const common::Clock& clock, execution::SqlExecutor* probe);
  // Tests: a given client and sleeper (both must outlive the stage).
  ModelGeneration(const generation::ModelConfig& config, semantic::Model model,
                  generation::ModelClient& client, const common::Clock& clock,
                  generation::Sleeper& sleeper, execution::SqlExecutor* probe);
  ~ModelGeneration() override;
  ModelGeneration(const ModelGeneration&) = delete;
  ModelGeneration& operator=(const ModelGeneration&) = delete;

  GenerationResult generate(const PlanInput& input, const PlanResult& plan) override;
  // A configured model may answer what the embedded planner only partly understood.
  [[nodiscard]] bool answers_unplanned() const override { return true; }

  // What the stage hands the generator for a request (exposed for tests).
  [[nodiscard]] generation::GenerationInput generation_input(const PlanInput& input,
                                                             const PlanResult& plan) const;
  [[nodiscard]] generation::Generator& generator() { return generator_; }

 private:
  struct RoleContext {
    std::vector<generation::RelationColumns> schema;
    nlohmann::json query_schema;
    std::string catalog;
  };
  [[nodiscard]] generation::CompileResult compile(const nlohmann::json& query,
                                                  const PlanInput& input) const;
  [[nodiscard]] std::optional<std::string> probe(const std::string& sql,
                                                 const PlanInput& input) const;

  std::unique_ptr<generation::ModelClient> owned_client_;
  std::unique_ptr<generation::Sleeper> owned_sleeper_;
  semantic::Model model_;
  semantic::Model sunday_model_;  // weeks from Sunday, for a user who prefers them
  execution::SqlExecutor* probe_;
  std::map<Role, RoleContext> roles_;
  generation::Generator generator_;
};

}  // namespace copilot::workflow
