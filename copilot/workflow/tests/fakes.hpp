// Fakes at every boundary of the pipeline, for unit tests.
#pragma once

#include <map>
#include <optional>
#include <set>

#include "common/error/error.hpp"
#include "copilot/execution/execution_error.hpp"
#include "copilot/tests/support.hpp"
#include "copilot/workflow/pipeline.hpp"

namespace copilot::workflow::testing {

class FakeIndex final : public retrieval::DocumentIndex {
 public:
  std::vector<RetrievedDoc> nearest(const std::vector<float>&, Role role, size_t) override {
    last_role = role;
    return {{7, "metric:revenue", "metric", "Revenue", "sum(amount)", 0.8123}};
  }
  Role last_role = Role::kAdmin;
};

class FakePlanning final : public PlanningStage {
 public:
  PlanResult plan(const PlanInput& input) override {
    last = input;
    return next;
  }
  PlanResult next = [] {
    PlanResult p;
    p.intent = "kpi";
    p.semantic_query = {{"metrics", {"revenue"}}};
    p.views_used = {"v_payment_scoped"};
    return p;
  }();
  PlanInput last;
};

class FakeGeneration final : public GenerationStage {
 public:
  GenerationResult generate(const PlanInput&, const PlanResult& plan) override {
    ++calls;
    GenerationResult out = next;
    if (out.semantic_query.is_null() && !raw_sql) out.semantic_query = plan.semantic_query;
    return out;
  }
  [[nodiscard]] bool answers_unplanned() const override { return model_configured; }
  bool raw_sql = false;           // a model's raw SQL: no semantic query at all
  bool model_configured = false;  // a model may answer what the planner did not fully read
  int calls = 0;
  GenerationResult next = [] {
    GenerationResult g;
    g.ok = true;
    g.sql = "SELECT sum(amount) AS revenue FROM v_payment_scoped";
    g.path = "embedded_planner";
    g.views_used = {"v_payment_scoped"};
    return g;
  }();
};

class FakeValidation final : public ValidationStage {
 public:
  ValidationResult validate(std::string_view sql, Role) override {
    ValidationResult v;
    v.accepted = accept;
    v.reason_code = accept ? "" : "relation_not_allowed";
    v.reason = accept ? "LIMIT 200 added" : "payment is not allowed";
    v.sql = accept ? std::string(sql) + " LIMIT 200" : "";
    v.fingerprint = "fp1";
    v.effective_limit = accept ? 200 : 0;
    return v;
  }
  bool accept = true;
};

class FakeExecutor final : public execution::SqlExecutor {
 public:
  execution::ExecResult execute(const execution::ExecRequest& request) override {
    ++calls;
    last = request;
    if (fail_status != 0) {
      throw execution::ExecutionError(fail_status, "upstream_timeout", "the query took too long",
                                      "57014", "canceling statement due to statement timeout");
    }
    execution::ExecResult out;
    out.result.columns = {{"revenue", "numeric"}};
    out.result.rows = {{67416.51}};
    return out;
  }
  execution::ExecRequest last;
  int fail_status = 0;
  int calls = 0;
};

class FakePresentation final : public PresentationStage {
 public:
  Narrative narrate(const PlanResult& plan, const ResultSet& rows, const std::string&) override {
    narrated = plan;
    return {"Revenue is " + rows.rows.at(0).at(0).dump() + ".", {"revenue by month"}};
  }
  nlohmann::json widgets(const PlanResult&, const ResultSet&) override {
    return nlohmann::json::array({{{"id", "m"}, {"type", "metric"}, {"title", "Revenue"}}});
  }
  PlanResult narrated;  // what the last narrative was told the answer is
};

class FakeMemory final : public memory::ConversationStore {
 public:
  std::vector<memory::Turn> recent(long long, const std::string& id, long user_id,
                                   size_t) override {
    if (owners.count(id) != 0 && owners[id] != user_id)
      throw common::Error::not_found("conversation not found");
    return turns[id];
  }
  void append(long long, const std::string& id, long user_id, const memory::Turn& turn) override {
    if (owners.count(id) == 0) owners[id] = user_id;
    if (owners[id] == user_id) turns[id].push_back(turn);
  }
  std::map<std::string, long> owners;
  std::map<std::string, std::vector<memory::Turn>> turns;
};

class FakeAudit final : public audit::AuditSink {
 public:
  void record(audit::AuditRecord r) override { records.push_back(std::move(r)); }
  void flush() override {}
  std::vector<audit::AuditRecord> records;
};

// EXPLAIN's estimate, as set by the test (a typical small statement by default).
class FakeExplain final : public risk::ExplainProbe {
 public:
  risk::PlanEstimate explain(const std::string&, const std::string&, Role,
                             const std::vector<int>&) override {
    ++calls;
    return estimate;
  }
  risk::PlanEstimate estimate{1500, 1, 8, 16000};
  int calls = 0;
};

class FakeThresholds final : public risk::ThresholdSource {
 public:
  risk::Thresholds for_role(long long, Role) override { return thresholds; }
  risk::Thresholds thresholds;
};

// The approval queue in memory: holds, and an approved statement claimed once by its requester.
class FakeApprovals final : public approvals::ApprovalQueue {
 public:
  long hold(const approvals::Hold& h) override {
    held.push_back(h);
    return static_cast<long>(held.size());
  }
  std::optional<approvals::Approved> claim(long long org_id, long id, long user_id,
                                           const std::string& role, const std::vector<int>& stores,
                                           const std::string&) override {
    if (id < 1 || id > static_cast<long>(held.size())) return std::nullopt;
    const auto& h = held[static_cast<size_t>(id - 1)];
    if (approved.count(id) == 0 || claimed.count(id) != 0 || h.org_id != org_id ||
        h.user_id != user_id || h.role != role || h.store_ids != stores) {
      return std::nullopt;
    }
    claimed.insert(id);
    return approvals::Approved{id, h.sql, h.path, h.semantic_query, h.conversation_id};
  }
  std::vector<approvals::Hold> held;
  std::set<long> approved;
  std::set<long> claimed;
};

// A pipeline wired to fakes (the real policy rules).
// User memory in a map per (organisation, user), validated like the real store's callers do.
class FakePreferences final : public memory::PreferenceStore {
 public:
  nlohmann::json load(const common::prefs::Owner& owner) override {
    return stored[{owner.org_id, owner.user_id}];
  }
  void put(const common::prefs::Owner& owner, const nlohmann::json& values) override {
    auto& mine = stored[{owner.org_id, owner.user_id}];
    if (!mine.is_object()) mine = nlohmann::json::object();
    mine.update(values);
  }
  int forget(const common::prefs::Owner& owner, std::string_view key) override {
    auto& mine = stored[{owner.org_id, owner.user_id}];
    if (!mine.is_object()) return 0;
    if (key.empty()) {
      const int n = static_cast<int>(mine.size());
      mine = nlohmann::json::object();
      return n;
    }
    return static_cast<int>(mine.erase(std::string(key)));
  }
  std::map<std::pair<long long, long long>, nlohmann::json> stored;
};

struct Harness {
  // The rules file's policy for every organisation (no store), polled by nobody.
  policy::OrgPolicies policy{policy::read_rules_file("copilot/policy/rules.json"), nullptr,
                             std::chrono::milliseconds(0)};
  retrieval::HashingEmbedder embedder;
  FakeIndex index;
  retrieval::Retriever retriever{embedder, index};
  FakePlanning planning;
  FakeGeneration generation;
  FakeValidation validation;
  FakeExecutor executor;
  FakePresentation presentation;
  FakeMemory memory;
  FakeAudit audit;
  copilot::testing::FakeClock clock;
  FakeExplain explain;
  FakeThresholds thresholds;
  risk::RiskScorer risk{explain, thresholds};
  FakeApprovals approvals;
  Pipeline pipeline{Dependencies{policy, retriever, planning, generation, validation, executor,
                                 presentation, memory, audit, clock, "2022-08-23T22:00:00Z", 5,
                                 &risk, &approvals}};

  static RunRequest request(std::string question, Role role = Role::kAdmin,
                            std::vector<int> stores = {1, 2}) {
    RunRequest r;
    r.request_id = "req-1";
    r.question = std::move(question);
    r.user.role = role;
    r.user.store_ids = std::move(stores);
    r.user.username = "someone";
    r.user_id = 5;
    r.user.org_id = 1;
    return r;
  }
};

}  // namespace copilot::workflow::testing
