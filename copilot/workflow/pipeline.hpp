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
#include "copilot/retrieval/reviewed_examples.hpp"
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

// A statement run again for an export (issue 16, GET /api/answers/{request_id}/export): the
// audited final SQL of one of the user's own answers (the gateway reads it from the trail, owner
// only). It goes through the guardrail again for the user's role as it is NOW and runs as that
// role's reader in the user's CURRENT scope (narrowed to the answer's stores), so an export never
// shows more than its owner may see at the time of the export, and is audited like any request.
struct RerunRequest {
  std::string request_id;         // this run's own id
  std::string source_request_id;  // the answer whose statement it is
  std::string sql;
  UserContext user;
  long user_id = 0;
  std::vector<int> store_ids;    // the scope: the answer's stores still in the user's scope
  std::string purpose = "json";  // csv | xlsx | json | report: what the export is, for the audit
};

struct RunResult {
  int http_status = 200;
  nlohmann::json body;  // the ask result, or {"error": {...}}
};

// A statement a person wrote (a reviewer's corrected SQL, issue 16): checked by the guardrail for
// the user's role and run as that user — their reader role and their stores — exactly like a
// generated one, without planning or risk holds. For review only: nothing is narrated or stored
// in a conversation.
struct StatementRequest {
  std::string request_id;
  std::string sql;
  std::string purpose;  // what the audit row says it was for, e.g. "review of <request id>"
  UserContext user;     // whose role and stores the statement runs with
  long user_id = 0;
  size_t max_rows = 50;  // rows handed back (the row count is the whole result's)
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
  // Reviewers' corrections of the organisation (issue 16): the pairs near the question, of the
  // asker's role, join the retrieved documents the model path is prompted with (kind example).
  retrieval::ReviewedExamples* reviewed_examples = nullptr;
};

class Pipeline {
 public:
  explicit Pipeline(Dependencies deps) : deps_(std::move(deps)) {}
  RunResult run(const RunRequest& request, const StageListener& on_stage = {});
  // validation → db_execution for an audited statement (no planning, narration or memory):
  // 200 {request_id, source_request_id, status:"ok", sql, columns, rows, row_count, truncated},
  // 403 policy_denied when the guardrail refuses it for the role today, or the execution error.
  RunResult rerun(const RerunRequest& request);
  // A /run request that never reached the stages (invalid body or user_context, store outside
  // scope): audited too, with what could be read from the body.
  void record_rejected(const std::string& request_id, const nlohmann::json& body,
                       const common::Error& error);
  // Checks and runs one person-written statement (statement_run.cpp). 200 with {accepted,
  // reason_code, reason, sql, columns, rows, row_count, truncated}: a guardrail rejection is an
  // answer (accepted false, the guardrail's reason), not an error; an execution failure is the
  // executor's error. Audited (path "review_check") with the validation and execution events.
  RunResult run_statement(const StatementRequest& request);

 private:
  // What the guardrail and the executor made of an already written statement (rerun and
  // run_statement), each step recorded in `record`: the verdict, the rows when it was accepted
  // and ran, or the error reply when a step failed (failure set, error fields of `record` too).
  struct CheckedStatement {
    ValidationResult verdict;
    std::optional<execution::ExecResult> executed;
    std::optional<RunResult> failure;
  };
  CheckedStatement check_and_execute(audit::AuditRecord& record, const std::string& sql, Role role,
                                     const std::vector<int>& store_ids,
                                     const nlohmann::json& context);

  Dependencies deps_;
};

// The stage names, in order.
const std::vector<std::string>& stage_names();

}  // namespace copilot::workflow
