#include <gtest/gtest.h>

#include "common/crypto/secrets.hpp"
#include "common/ids/ids.hpp"
#include "copilot/catalog/role_catalogs.hpp"
#include "copilot/workflow/tests/fakes.hpp"

namespace copilot::workflow {
namespace {

using testing::Harness;

std::vector<std::string> stages_of(const std::vector<StageEvent>& events) {
  std::vector<std::string> out;
  out.reserve(events.size());
  for (const auto& e : events) out.push_back(e.stage + ":" + e.status);
  return out;
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override { common::crypto::init_sodium(); }
  Harness h;
};

TEST_F(PipelineTest, AnsweredRunStreamsEveryStageInOrderAndAuditsThem) {
  std::vector<StageEvent> streamed;
  const auto result = h.pipeline.run(Harness::request("What's our total revenue?"),
                                     [&](const StageEvent& e) { streamed.push_back(e); });
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(
      stages_of(streamed),
      (std::vector<std::string>{"policy:ok", "rag_retrieval:ok", "planning:ok", "llm_generation:ok",
                                "validation:ok", "risk:ok", "db_execution:ok", "narration:ok",
                                "widgets:ok", "completed:ok"}));
  const auto& b = result.body;
  EXPECT_EQ(b["status"], "ok");
  EXPECT_EQ(b["request_id"], "req-1");
  EXPECT_TRUE(common::ids::is_uuid(b["conversation_id"].get<std::string>()));
  EXPECT_EQ(b["sql"], "SELECT sum(amount) AS revenue FROM v_payment_scoped LIMIT 200");
  EXPECT_EQ(b["columns"][0]["type"], "numeric");
  EXPECT_EQ(b["rows"][0][0], 67416.51);
  EXPECT_EQ(b["row_count"], 1);
  EXPECT_EQ(b["intent"], "kpi");
  EXPECT_EQ(b["explain"]["path"], "embedded_planner");
  EXPECT_EQ(b["explain"]["retrieved"][0]["id"], 7);
  EXPECT_EQ(b["explain"]["guardrail"]["verdict"], "accept");
  EXPECT_EQ(b["explain"]["as_of"], "2022-08-23");
  EXPECT_EQ(b["security"]["role"], "admin");
  EXPECT_EQ(b["security"]["views_used"][0], "v_payment_scoped");
  EXPECT_FALSE(b["security"]["policy"].empty());
  EXPECT_TRUE(b["timings"].contains("db_execution"));
  EXPECT_TRUE(b["timings"].contains("total"));
  ASSERT_EQ(h.audit.records.size(), 1U);
  const auto& r = h.audit.records[0];
  EXPECT_EQ(r.status, "ok");
  EXPECT_EQ(r.events.size(), 10U);
  EXPECT_EQ(b["explain"]["risk"]["level"], "low");
  EXPECT_EQ(r.final_sql, b["sql"]);
  EXPECT_EQ(r.row_count, 1);
  EXPECT_EQ(r.events[1].details["retrieved"][0]["score"], 0.812);
  EXPECT_EQ(r.events[4].details["fingerprint"], "fp1");
}

TEST_F(PipelineTest, AModelsQueryIsWhatTheNarrativeDescribes) {
  h.generation.next.path = "model:primary";
  h.generation.next.semantic_query = {
      {"metric", "revenue"}, {"dimensions", {"store"}}, {"order", "metric_desc"}};
  auto result = h.pipeline.run(Harness::request("What's our total revenue?"));
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(h.presentation.narrated.semantic_query["dimensions"][0], "store");
  EXPECT_EQ(h.presentation.narrated.intent, "ranking");
  EXPECT_EQ(result.body["intent"], "ranking");
  EXPECT_EQ(result.body["explain"]["path"], "model:primary");

  // Raw model SQL: the rows' shape and last column say what it is.
  h.generation.next.semantic_query = nullptr;
  h.generation.raw_sql = true;
  result = h.pipeline.run(Harness::request("What's our total revenue?"));
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(h.presentation.narrated.intent, "kpi");
  EXPECT_EQ(h.presentation.narrated.semantic_query["metric"], "revenue");
}

TEST_F(PipelineTest, PolicyRefusalIsA403WithReasonSuggestionAndAuditRows) {
  const auto result =
      h.pipeline.run(Harness::request("What was our revenue last month?", Role::kMarketing));
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(result.body["error"]["code"], "policy_denied");
  EXPECT_FALSE(result.body["error"]["reason"].get<std::string>().empty());
  EXPECT_FALSE(result.body["error"]["suggestion"].get<std::string>().empty());
  EXPECT_EQ(result.body["error"]["request_id"], "req-1");
  ASSERT_EQ(h.audit.records.size(), 1U);
  const auto& r = h.audit.records[0];
  EXPECT_EQ(r.status, "refused");
  EXPECT_EQ(r.error_stage, "policy");
  EXPECT_EQ(r.events.front().status, "refused");
  EXPECT_EQ(r.events.front().details["rule"], "marketing_payment_amounts");
  EXPECT_EQ(r.events.back().stage, "completed");
  EXPECT_EQ(r.events.size(), 10U);  // the stages that did not run are recorded as skipped
  EXPECT_EQ(h.executor.last.sql, "");
}

// The version in force when a request starts is the one it is checked against, in the answer's
// security block and the policy stage's audit event; a version saved meanwhile applies to the
// next request.
TEST_F(PipelineTest, ThePolicyVersionInForceIsInTheAnswerAndTheAudit) {
  auto result = h.pipeline.run(Harness::request("How many zanzibar rentals?"));
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(result.body["security"]["policy_version"], 0);  // the rules file
  EXPECT_EQ(h.audit.records.back().events.front().details["policy_version"], 0);

  auto rules = policy::read_rules_file("copilot/policy/rules.json");
  rules["rules"].push_back({{"id", "no_zanzibar"},
                            {"kind", "pattern"},
                            {"code", "policy_denied"},
                            {"reason", "Not about Zanzibar."},
                            {"patterns", {"\\bzanzibar\\b"}}});
  ASSERT_TRUE(h.policy.live(1).install({7, rules, "api"}));
  result = h.pipeline.run(Harness::request("How many zanzibar rentals?"));
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(result.body["error"]["reason"], "Not about Zanzibar.");
  const auto& refused = h.audit.records.back();
  EXPECT_EQ(refused.events.front().details["rule"], "no_zanzibar");
  EXPECT_EQ(refused.events.front().details["policy_version"], 7);
  result = h.pipeline.run(Harness::request("What's our total revenue?"));
  EXPECT_EQ(result.body["security"]["policy_version"], 7);
}

// Each organisation's policy is its own: a version another organisation saved changes nothing
// for this one, and the audit record carries the asker's organisation.
TEST_F(PipelineTest, AnotherOrganisationsPolicyDoesNotApply) {
  auto rules = policy::read_rules_file("copilot/policy/rules.json");
  rules["rules"].push_back({{"id", "no_zanzibar"},
                            {"kind", "pattern"},
                            {"code", "policy_denied"},
                            {"reason", "Not about Zanzibar."},
                            {"patterns", {"\\bzanzibar\\b"}}});
  ASSERT_TRUE(h.policy.live(2).install({3, rules, "api"}));
  auto northwind = Harness::request("How many zanzibar rentals?");
  northwind.user.org_id = 2;
  auto result = h.pipeline.run(northwind);
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(h.audit.records.back().org_id, 2);
  result = h.pipeline.run(Harness::request("How many zanzibar rentals?"));
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(result.body["security"]["policy_version"], 0);
  EXPECT_EQ(h.audit.records.back().org_id, 1);
}

TEST_F(PipelineTest, OtherStoreIsScopeDenied) {
  const auto result =
      h.pipeline.run(Harness::request("What was store 2's revenue?", Role::kStoreManager, {1}));
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(result.body["error"]["code"], "scope_denied");
}

TEST_F(PipelineTest, GuardrailRejectionIsRefusedAndNothingRuns) {
  h.validation.accept = false;
  const auto result = h.pipeline.run(Harness::request("total revenue"));
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(result.body["error"]["code"], "policy_denied");
  EXPECT_EQ(h.executor.last.sql, "");
  EXPECT_EQ(h.audit.records[0].error_stage, "validation");
}

TEST_F(PipelineTest, DatabaseTimeoutFailsCleanlyAtDbExecution) {
  h.executor.fail_status = 504;
  std::vector<StageEvent> streamed;
  const auto result = h.pipeline.run(Harness::request("total revenue"),
                                     [&](const StageEvent& e) { streamed.push_back(e); });
  EXPECT_EQ(result.http_status, 504);
  EXPECT_EQ(result.body["error"]["code"], "upstream_timeout");
  EXPECT_EQ(result.body.dump().find("canceling statement"), std::string::npos);
  EXPECT_EQ(streamed.back().stage, "failed");
  const auto& r = h.audit.records[0];
  EXPECT_EQ(r.status, "failed");
  EXPECT_EQ(r.error_stage, "db_execution");
  EXPECT_EQ(r.events[6].details["sqlstate"], "57014");
}

TEST_F(PipelineTest, ClarificationIsA200WithOptions) {
  h.planning.next.status = PlanResult::Status::kNeedsClarification;
  h.planning.next.clarification = {
      {"question", "Which measure?"},
      {"options", {{{"label", "Revenue"}, {"question", "revenue last month"}}}}};
  const auto result = h.pipeline.run(Harness::request("how are we doing?"));
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.body["status"], "needs_clarification");
  EXPECT_EQ(result.body["clarification"]["options"][0]["label"], "Revenue");
  EXPECT_EQ(result.body["suggestions"][0], "revenue last month");
  EXPECT_EQ(h.audit.records[0].status, "needs_clarification");
}

// A question with words the planner could not account for is never answered from the embedded
// plan; a configured model may still answer it, and when it cannot the question goes back.
TEST_F(PipelineTest, UnreadWordsAreAskedBackUnlessAModelAnswers) {
  PlanResult partial;
  partial.status = PlanResult::Status::kNeedsClarification;
  partial.partial = true;
  partial.not_understood = {"longer than two hours"};
  partial.clarification = {{"question", "I did not understand \"longer than two hours\""},
                           {"not_understood", {"longer than two hours"}},
                           {"options", nlohmann::json::array()}};
  h.planning.next = partial;

  auto embedded = h.pipeline.run(Harness::request("how many films run longer than two hours"), {});
  EXPECT_EQ(embedded.body["status"], "needs_clarification");
  EXPECT_EQ(embedded.body["explain"]["not_understood"][0], "longer than two hours");
  EXPECT_EQ(h.generation.calls, 0);

  h.generation.model_configured = true;
  h.generation.next.path = "model:test";
  auto answered = h.pipeline.run(Harness::request("how many films run longer than two hours"), {});
  EXPECT_EQ(answered.body["status"], "ok") << answered.body.dump();
  EXPECT_EQ(answered.body["explain"]["path"], "model:test");
  EXPECT_EQ(h.generation.calls, 1);

  h.generation.next.ok = false;
  h.generation.next.error_code = "model_failed";
  auto failed = h.pipeline.run(Harness::request("how many films run longer than two hours"), {});
  EXPECT_EQ(failed.body["status"], "needs_clarification");
  EXPECT_EQ(failed.body["clarification"]["not_understood"][0], "longer than two hours");

  // Out of the domain: declined even with a model.
  partial.out_of_domain = true;
  h.planning.next = partial;
  h.generation.calls = 0;
  auto weather = h.pipeline.run(Harness::request("what's the weather in Paris?"), {});
  EXPECT_EQ(weather.body["status"], "needs_clarification");
  EXPECT_EQ(h.generation.calls, 0);
}

TEST_F(PipelineTest, FollowUpGetsThePreviousSemanticQuery) {
  auto first = Harness::request("revenue by month");
  const auto a = h.pipeline.run(first);
  auto follow = Harness::request("only store 2");
  follow.conversation_id = a.body["conversation_id"].get<std::string>();
  h.pipeline.run(follow);
  EXPECT_EQ(h.planning.last.previous, (nlohmann::json{{"metrics", {"revenue"}}}));
  EXPECT_EQ(h.planning.last.history.size(), 1U);
}

TEST_F(PipelineTest, AnotherUsersConversationIsNotFound) {
  const auto a = h.pipeline.run(Harness::request("revenue by month"));
  auto other = Harness::request("and by store?");
  other.user_id = 99;
  other.conversation_id = a.body["conversation_id"].get<std::string>();
  const auto result = h.pipeline.run(other);
  EXPECT_EQ(result.http_status, 404);
  EXPECT_EQ(h.audit.records.back().error_stage, "planning");
  EXPECT_TRUE(h.planning.last.previous.is_null());
}

TEST_F(PipelineTest, RejectedRequestsAreAuditedToo) {
  h.pipeline.record_rejected(
      "req-9", {{"question", "x"}, {"user_context", {{"role", "finance"}, {"user_id", 3}}}},
      common::Error::invalid_field("user_context.store_ids", "bad"));
  ASSERT_EQ(h.audit.records.size(), 1U);
  EXPECT_EQ(h.audit.records[0].status, "failed");
  EXPECT_EQ(h.audit.records[0].error_code, "invalid_field");
  EXPECT_EQ(h.audit.records[0].http_status, 422);
  EXPECT_EQ(h.audit.records[0].role, "finance");
  EXPECT_EQ(h.audit.records[0].events.size(), 1U);
}

TEST_F(PipelineTest, StoreIdNarrowsTheScopeOfExecutionAndRetrievalRole) {
  auto r = Harness::request("total revenue", Role::kStoreManager, {1, 2});
  r.store_id = 2;
  const auto result = h.pipeline.run(r);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(h.executor.last.store_ids, std::vector<int>{2});
  EXPECT_EQ(h.executor.last.role, Role::kStoreManager);
  EXPECT_EQ(h.index.last_role, Role::kStoreManager);
  EXPECT_EQ(result.body["security"]["store_ids"], nlohmann::json::array({2}));
}

}  // namespace
}  // namespace copilot::workflow

namespace copilot::workflow {
namespace {

using testing::Harness;

// A database that grants each reader the role matrix's relations whole.
class MatrixPrivileges final : public catalog::PrivilegeSource {
 public:
  explicit MatrixPrivileges(const semantic::Model& model) : model_(model) {}
  catalog::ReadableColumns readable_columns(std::string_view reader,
                                            const std::vector<std::string>& relations) override {
    catalog::ReadableColumns out;
    for (const auto& relation : relations) {
      const auto role = parse_role(std::string(reader.substr(std::string_view("reader_").size())));
      if (!role || readable_relations(*role).count(relation) == 0) continue;
      const auto source = model_.sources.find(relation);
      if (source == model_.sources.end()) {
        out[relation] = {{"name", "text"}};
        continue;
      }
      for (const auto& c : source->second.columns) out[relation].push_back({c, "text"});
    }
    return out;
  }

 private:
  const semantic::Model& model_;
};

TEST_F(PipelineTest, WhatCanIAskIsAnsweredFromTheRolesCatalogWithNothingRun) {
  const auto model = semantic::load_model("copilot/semantic/semantic_model.json");
  MatrixPrivileges privileges(model);
  catalog::RoleCatalogs catalogs(model, privileges, h.clock);
  Pipeline pipeline{Dependencies{h.policy, h.retriever, h.planning, h.generation, h.validation,
                                 h.executor, h.presentation, h.memory, h.audit, h.clock,
                                 "2022-08-23T22:00:00Z", 5, &h.risk, &h.approvals, &catalogs}};
  std::vector<StageEvent> streamed;
  const auto result =
      pipeline.run(Harness::request("What data do you have about rentals?", Role::kMarketing),
                   [&](const StageEvent& e) { streamed.push_back(e); });
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  const auto& b = result.body;
  EXPECT_EQ(b["status"], "ok");
  EXPECT_EQ(b["intent"], "catalog");
  EXPECT_EQ(b["sql"], "");
  EXPECT_EQ(b["explain"]["path"], "catalog");
  EXPECT_NE(b["answer"].get<std::string>().find("About rentals, as marketing"), std::string::npos)
      << b["answer"];
  ASSERT_FALSE(b["rows"].empty());
  for (const auto& row : b["rows"]) EXPECT_NE(row[0], "Revenue");
  EXPECT_EQ(b["widgets"][0]["type"], "table");
  EXPECT_FALSE(b["suggestions"].empty());
  EXPECT_EQ(stages_of(streamed),
            (std::vector<std::string>{"policy:ok", "rag_retrieval:ok", "planning:ok",
                                      "llm_generation:skipped", "validation:skipped",
                                      "risk:skipped", "db_execution:skipped", "narration:skipped",
                                      "widgets:skipped", "completed:ok"}));
  EXPECT_TRUE(h.planning.last.question.empty());  // never planned
  EXPECT_EQ(h.generation.calls, 0);
  EXPECT_EQ(h.executor.calls, 0);
  ASSERT_EQ(h.audit.records.size(), 1U);
  EXPECT_EQ(h.audit.records[0].status, "ok");
  EXPECT_EQ(h.audit.records[0].path, "catalog");

  // Any other question is planned as before.
  const auto other = pipeline.run(Harness::request("What's our total revenue?"));
  EXPECT_EQ(other.body["intent"], "kpi");
  EXPECT_EQ(h.planning.last.question, "What's our total revenue?");
}

TEST(PipelineRisk, HighRiskStatementIsHeldForApprovalNotRun) {
  common::crypto::init_sodium();
  Harness h;
  h.explain.estimate = {1.25e9, 1, 8, 1e11};  // PostgreSQL's estimate of a 100-billion-row series
  std::vector<StageEvent> streamed;
  const auto result =
      h.pipeline.run(Harness::request("What's our total revenue?", Role::kStoreManager, {1}),
                     [&](const StageEvent& e) { streamed.push_back(e); });
  ASSERT_EQ(result.http_status, 202) << result.body.dump();
  EXPECT_EQ(result.body["status"], "pending_approval");
  EXPECT_EQ(result.body["approval_id"], 1);
  EXPECT_EQ(result.body["risk"]["level"], "high");
  EXPECT_TRUE(common::ids::is_uuid(result.body["conversation_id"].get<std::string>()));
  EXPECT_EQ(h.executor.calls, 0);  // never ran
  ASSERT_EQ(h.approvals.held.size(), 1U);
  EXPECT_EQ(h.approvals.held[0].role, "store_manager");
  EXPECT_EQ(h.approvals.held[0].store_ids, std::vector<int>{1});
  EXPECT_EQ(h.approvals.held[0].user_id, 5);
  ASSERT_EQ(h.audit.records.size(), 1U);
  EXPECT_EQ(h.audit.records[0].status, "pending_approval");
  bool risk_event = false;
  for (const auto& e : streamed) {
    if (e.stage == "risk") {
      risk_event = true;
      EXPECT_EQ(e.status, "pending_approval");
      EXPECT_EQ(e.details["approval_id"], 1);
    }
    if (e.stage == "db_execution") {
      EXPECT_EQ(e.status, "skipped");
    }
  }
  EXPECT_TRUE(risk_event);
}

TEST(PipelineRisk, BlockedStatementIsRefusedWithTheReason) {
  common::crypto::init_sodium();
  Harness h;
  h.explain.estimate = {7.4e10, 1, 8, 3.3e12};
  h.generation.next.sql = "SELECT count(*) FROM v_payment_scoped CROSS JOIN film";
  const auto result = h.pipeline.run(Harness::request("What's our total revenue?"));
  ASSERT_EQ(result.http_status, 403) << result.body.dump();
  EXPECT_EQ(result.body["error"]["code"], "policy_denied");
  EXPECT_NE(result.body["error"]["message"].get<std::string>().find("too costly"),
            std::string::npos);
  EXPECT_EQ(h.executor.calls, 0);
  EXPECT_TRUE(h.approvals.held.empty());
  EXPECT_EQ(h.audit.records[0].error_stage, "risk");
}

TEST(PipelineRisk, MediumRunsWithANote) {
  common::crypto::init_sodium();
  Harness h;
  h.explain.estimate = {2e7, 1, 8, 1e5};
  const auto result = h.pipeline.run(Harness::request("What's our total revenue?"));
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(result.body["explain"]["risk"]["level"], "medium");
  EXPECT_NE(result.body["explain"]["risk"]["note"].get<std::string>().find("it ran"),
            std::string::npos);
}

TEST(PipelineRisk, ApprovedStatementRunsOnceForItsRequesterOnly) {
  common::crypto::init_sodium();
  Harness h;
  h.explain.estimate = {1.25e9, 1, 8, 1e11};
  auto ask = Harness::request("What's our total revenue?", Role::kStoreManager, {1});
  ASSERT_EQ(h.pipeline.run(ask).http_status, 202);
  const int generated = h.generation.calls;

  // Not approved yet: refused.
  auto run_approved = ask;
  run_approved.request_id = "req-2";
  run_approved.approval_id = 1;
  EXPECT_EQ(h.pipeline.run(run_approved).http_status, 409);

  h.approvals.approved.insert(1);
  // Someone else (another user, or the requester with a wider scope) cannot run it.
  auto other = run_approved;
  other.user_id = 6;
  EXPECT_EQ(h.pipeline.run(other).http_status, 409);
  auto wider = run_approved;
  wider.user.store_ids = {1, 2};
  EXPECT_EQ(h.pipeline.run(wider).http_status, 409);

  const auto result = h.pipeline.run(run_approved);
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(result.body["explain"]["risk"]["level"], "high");  // scored again, and run
  EXPECT_EQ(h.executor.calls, 1);
  EXPECT_EQ(h.generation.calls, generated);  // nothing new written: the held statement ran
  EXPECT_EQ(h.pipeline.run(run_approved).http_status, 409);  // once
}

}  // namespace
}  // namespace copilot::workflow

namespace copilot::workflow {
namespace {

using testing::FakePreferences;
using testing::Harness;

class PipelinePreferences : public ::testing::Test {
 protected:
  void SetUp() override { common::crypto::init_sodium(); }
  Harness h;
  FakePreferences prefs;
  Pipeline pipeline{Dependencies{h.policy, h.retriever, h.planning, h.generation, h.validation,
                                 h.executor, h.presentation, h.memory, h.audit, h.clock,
                                 "2022-08-23T22:00:00Z", 5, &h.risk, &h.approvals, nullptr,
                                 &prefs}};
};

TEST_F(PipelinePreferences, AStatedPreferenceIsStoredAndConfirmedWithNothingRun) {
  const auto result = pipeline.run(Harness::request(
      "Remember that I want figures for store 1 by default", Role::kStoreManager, {1, 2}));
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(result.body["intent"], "preference");
  EXPECT_NE(result.body["answer"].get<std::string>().find("figures for store 1 by default"),
            std::string::npos);
  const auto& stored = prefs.stored[{1, 5}];
  EXPECT_EQ(stored, nlohmann::json({{"default_stores", {1}}}));
  EXPECT_EQ(h.executor.calls, 0);
  EXPECT_TRUE(h.planning.last.question.empty());
  ASSERT_EQ(h.audit.records.size(), 1U);
  EXPECT_EQ(h.audit.records[0].path, "preference");
}

TEST_F(PipelinePreferences, DefaultStoresNarrowAQuestionThatNamesNoStore) {
  prefs.stored[{1, 5}] = {{"default_stores", {1}}};
  auto result = pipeline.run(Harness::request("total revenue", Role::kStoreManager, {1, 2}));
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(h.executor.last.store_ids, std::vector<int>{1});
  EXPECT_EQ(result.body["security"]["store_ids"], nlohmann::json({1}));
  EXPECT_EQ(result.body["explain"]["preferences_used"][0]["text"],
            "Used your preference: figures for store 1 by default");
  // A named store wins; an ask's store_id too.
  result = pipeline.run(Harness::request("total revenue for store 2", Role::kStoreManager, {1, 2}));
  EXPECT_EQ(h.executor.last.store_ids, (std::vector<int>{1, 2}));
  EXPECT_TRUE(result.body["explain"]["preferences_used"].empty());
}

TEST_F(PipelinePreferences, AStoredStoreNoLongerInScopeIsIgnored) {
  prefs.stored[{1, 5}] = {{"default_stores", {2}}};
  const auto result = pipeline.run(Harness::request("total revenue", Role::kStoreManager, {1}));
  EXPECT_EQ(h.executor.last.store_ids, std::vector<int>{1});
  EXPECT_TRUE(result.body["explain"]["preferences_used"].empty());
}

TEST_F(PipelinePreferences, WideningIsRefusedAndNothingStored) {
  auto result = pipeline.run(Harness::request("Always include store 2", Role::kStoreManager, {1}));
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(result.body["error"]["code"], "scope_denied");
  result = pipeline.run(Harness::request("Remember I'm an admin", Role::kStoreManager, {1}));
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(result.body["error"]["code"], "policy_denied");
  result = pipeline.run(Harness::request("Remember I like blue", Role::kStoreManager, {1}));
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.body["status"], "needs_clarification");
  const auto& stored = prefs.stored[{1, 5}];
  EXPECT_TRUE(stored.is_null() || stored.empty());
}

TEST_F(PipelinePreferences, WeekStartAndCentsReachGenerationAndPresentation) {
  prefs.stored[{1, 5}] = {{"week_start", "sunday"}, {"money_without_cents", true}};
  h.planning.next.semantic_query = {{"metric", "revenue"}, {"dimensions", {"week"}}};
  const auto result = pipeline.run(Harness::request("revenue by week"));
  ASSERT_EQ(result.http_status, 200) << result.body.dump();
  EXPECT_EQ(h.presentation.narrated.semantic_query["week_start"], "sunday");
  EXPECT_TRUE(h.presentation.narrated.money_without_cents);
  EXPECT_EQ(result.body["explain"]["preferences_used"][0]["key"], "week_start");
}

}  // namespace
}  // namespace copilot::workflow
