// copilot/workflow/pipeline.hpp — runs one question through the stages, in order:
//   policy → rag_retrieval → planning → llm_generation → validation → risk → db_execution
//   → narration → widgets → completed | failed
// and reports each stage as it finishes (for SSE) and to the audit trail (every request, whatever
// its outcome).
//
// In:  a validated RunRequest (the HTTP edge checked the token, user_context and store_id).
// Out: a RunResult — 200 with the ask result (status ok | needs_clarification; intent `catalog`
//      with the role's measures for a question about what can be asked), 202
//      pending_approval when the statement's risk is high for the role (held in the approval
//      queue, not run), 409 approval_not_runnable for an approval_id that may not run, 403 with
//      policy_denied / scope_denied (policy, planner or guardrail refusal, with reason and
//      suggestion), 404 for another user's conversation, or the failing stage's error.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "common/error/error.hpp"
#include "common/time/clock.hpp"
#include "copilot/approvals/approvals.hpp"
#include "copilot/audit/audit.hpp"
#include "copilot/catalog/role_catalogs.hpp"
#include "copilot/execution/executor.hpp"
#include "copilot/memory/conversations.hpp"
#include "copilot/memory/preferences.hpp"
#include "copilot/policy/org_policies.hpp"
#include "copilot/retrieval/documents.hpp"
#include "copilot/retrieval/org_memory.hpp"
#include "copilot/retrieval/retriever.hpp"
#include "copilot/risk/risk_scoring.hpp"
#include "copilot/workflow/stages.hpp"

namespace copilot::workflow {

struct RunRequest {
  std::string request_id;
  std::string question;
  std::string conversation_id;  // empty: a new conversation
  std::optional<int> store_id;
  UserContext user;
  long user_id = 0;  // numeric app user id (memory, audit)
  // Set by the gateway for an approved statement: it runs instead of generating one, once, for
  // its requester (whose user_context this request carries).
  std::optional<long> approval_id;
};

struct RunResult {
  int http_status = 200;
  nlohmann::json body;  // the ask result, or {"error": {...}}
};

using StageListener = std::function<void(const StageEvent&)>;

struct Dependencies {
  // The policy in force per organisation: each request checks its question against one snapshot
  // of its asker's organisation's.
  policy::OrgPolicies& policy;
  retrieval::Retriever& retriever;
  PlanningStage& planning;
  GenerationStage& generation;
  ValidationStage& validation;
  execution::SqlExecutor& executor;
  PresentationStage& presentation;
  memory::ConversationStore& memory;
  audit::AuditSink& audit;
  const common::Clock& clock;
  std::string as_of;  // ISO timestamp of the data's "now"
  size_t top_k = 5;
  // The risk stage and the approval queue; without them (unit tests of other stages) every
  // statement runs unscored.
  risk::RiskScorer* risk = nullptr;
  approvals::ApprovalQueue* approvals = nullptr;
  // The role catalogs: "what can I ask?" and its kin are answered from them at the planning
  // stage (intent `catalog`, no SQL). Without them such questions are planned like any other.
  catalog::RoleCatalogs* catalogs = nullptr;
  // User memory: a preference stated in a question is stored (after the same validation as
  // PUT /api/me/preferences) and confirmed; stored ones narrow the scope (default stores), cut
  // weeks (week start) and format money (cents), each named in explain.preferences_used. Without
  // it, preferences are neither read nor stored.
  memory::PreferenceStore* preferences = nullptr;
  // Organisation memory: entries near the question are retrieved and cited (explain.retrieved,
  // explain.org_memory); the restrictions it maps exactly narrow what is answered.
  retrieval::OrgMemory* org_memory = nullptr;
  // The organisation's documents (POST /api/documents): passages near the question, for the
  // asker's role only, cited in explain.sources and handed to planning as context. They inform;
  // nothing that decides access reads them.
  retrieval::DocumentPassages* documents = nullptr;
  // Each organisation's slug (orgs.slug, read at start): the model path uses the prompt pack's
  // orgs/<slug>/ overrides when the pack has them. An organisation missing here (created after
  // start) gets the deployment's pack (LLM_PROMPT_ORG).
  std::map<long long, std::string> org_slugs = {};
};

class Pipeline {
 public:
  explicit Pipeline(Dependencies deps) : deps_(std::move(deps)) {}
  RunResult run(const RunRequest& request, const StageListener& on_stage = {});
  // A /run request that never reached the stages (invalid body or user_context, store outside
  // scope): audited too, with what could be read from the body.
  void record_rejected(const std::string& request_id, const nlohmann::json& body,
                       const common::Error& error);

 private:
  Dependencies deps_;
};

// The stage names, in order.
const std::vector<std::string>& stage_names();

}  // namespace copilot::workflow
