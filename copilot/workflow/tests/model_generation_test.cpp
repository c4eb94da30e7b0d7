// The model-backed llm_generation stage with the real semantic model, compiler and guardrail,
// against the local fake OpenAI server (no database: the EXPLAIN probe is off here).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "copilot/generation/sql_compiler.hpp"
#include "copilot/generation/tests/fake_openai_server.hpp"
#include "copilot/generation/tests/model_test_support.hpp"
#include "copilot/workflow/model_generation.hpp"

namespace copilot::workflow {
namespace {

using generation::testing::FakeClock;
using generation::testing::FakeOpenAiServer;
using generation::testing::RecordingSleeper;
using generation::testing::Reply;
using nlohmann::json;
using ::testing::HasSubstr;

const std::string kAsOf = "2022-08-23T21:00:00Z";

PlanInput question(const std::string& text, Role role, const std::vector<int>& stores) {
  PlanInput input;
  input.request_id = "req-model-generation";
  input.question = text;
  input.role = role;
  input.store_ids = stores;
  input.user_store_ids = stores;
  input.as_of = kAsOf;
  input.retrieved = {{1, "metric.revenue", "metric", "Revenue", "Revenue is sum(p.amount).", 0.9}};
  memory::Turn earlier;
  earlier.question = "rentals last month";
  earlier.sql = "SELECT count(*) FROM v_rental_scoped r";
  earlier.answer = "4,000 rentals";
  input.history = {earlier};
  return input;
}

PlanResult revenue_by_month_plan(const std::vector<int>& stores) {
  PlanResult plan;
  plan.intent = "trend";
  plan.semantic_query = {
      {"metric", "revenue"}, {"dimensions", {"month"}}, {"filters", json::array()},
      {"time", nullptr},     {"limit", nullptr},        {"order", nullptr},
      {"share", false},      {"share_of", nullptr},     {"growth", nullptr},
      {"store_ids", stores}, {"as_of", kAsOf}};
  plan.views_used = {"v_payment_scoped"};
  return plan;
}

class ModelGenerationTest : public ::testing::Test {
 protected:
  std::unique_ptr<ModelGeneration> make(std::vector<std::string> models, bool structured = true) {
    config = generation::testing::test_config(server.base_url(), std::move(models));
    config.structured_output = structured;
    client = std::make_unique<generation::OpenAiCompatibleClient>(config);
    return std::make_unique<ModelGeneration>(config, semantic::load_model(COPILOT_SEMANTIC_MODEL),
                                             *client, clock, sleeper, nullptr);
  }

  FakeOpenAiServer server;
  FakeClock clock;
  RecordingSleeper sleeper{clock};
  generation::ModelConfig config;
  std::unique_ptr<generation::OpenAiCompatibleClient> client;
};

TEST_F(ModelGenerationTest, StructuredAnswerIsCompiledByTheSemanticModelWithTheRequestScope) {
  // The model tries to widen the scope: the request's stores win.
  server.script("primary", {Reply::ok(R"({"metric":"revenue","dimensions":["month"],
                                          "store_ids":[1,2,3]})")});
  auto stage = make({"primary"});
  const auto input = question("revenue by month", Role::kStoreManager, {1});
  const auto out = stage->generate(input, revenue_by_month_plan({1}));

  ASSERT_TRUE(out.ok) << out.details.dump();
  EXPECT_EQ(out.path, "model:primary");
  EXPECT_EQ(out.semantic_query["store_ids"], json::array({1}));
  EXPECT_EQ(out.semantic_query["as_of"], kAsOf);
  EXPECT_THAT(out.sql, HasSubstr("FROM v_payment_scoped p"));
  EXPECT_EQ(out.views_used, std::vector<std::string>{"v_payment_scoped"});
  EXPECT_EQ(out.details["mode"], "structured");
  EXPECT_EQ(out.details["usage"]["total_tokens"], 150);
  EXPECT_THAT(out.details["prompt_pack_version"].get<std::string>(), ::testing::StartsWith("v1@"));

  // The prompt: the role's relations with columns, the catalog, the documents and the memory;
  // the response format carries the semantic model's names.
  const auto request = server.requests().at(0);
  const std::string system = request["messages"][0]["content"];
  EXPECT_THAT(system, HasSubstr("- v_payment_scoped: payment_id, customer_id"));
  EXPECT_THAT(system, HasSubstr("- category: category_id, name"));
  EXPECT_THAT(system, HasSubstr("- revenue: Revenue"));
  EXPECT_THAT(system, HasSubstr("Revenue is sum(p.amount)."));
  EXPECT_THAT(system, HasSubstr("Q: rentals last month"));
  EXPECT_THAT(system, HasSubstr("2022-08-23"));
  const auto& schema = request["response_format"]["json_schema"]["schema"];
  EXPECT_THAT(schema["properties"]["metric"]["enum"].dump(), HasSubstr("\"revenue\""));
}

TEST_F(ModelGenerationTest, ForbiddenTableIsRefusedByTheRealGuardrailThenTheFallbackAnswers) {
  server.script("primary", {Reply::ok("SELECT email FROM customer"),
                            Reply::ok("SELECT c.email FROM customer c JOIN payment p USING "
                                      "(customer_id)")});
  server.script("fallback",
                {Reply::ok("SELECT f.title, sum(p.amount) AS revenue FROM "
                           "v_payment_scoped p JOIN film f USING (film_id) GROUP BY 1")});
  auto stage = make({"primary", "fallback"}, /*structured=*/false);
  const auto out =
      stage->generate(question("revenue by film", Role::kFinance, {1, 2}), PlanResult{});

  ASSERT_TRUE(out.ok) << out.details.dump();
  EXPECT_EQ(out.path, "model:fallback");
  EXPECT_THAT(out.views_used, ::testing::UnorderedElementsAre("film", "v_payment_scoped"));
  const auto& attempts = out.details["attempts"];
  ASSERT_EQ(attempts.size(), 3U);
  EXPECT_EQ(attempts[0]["outcome"], "guardrail_rejected");
  EXPECT_THAT(attempts[0]["error"].get<std::string>(), HasSubstr("relation_not_allowed"));
  EXPECT_EQ(attempts[1]["step"], "repair");
  EXPECT_EQ(attempts[1]["outcome"], "guardrail_rejected");
  EXPECT_EQ(attempts[2]["outcome"], "ok");
}

TEST_F(ModelGenerationTest, SemanticQueryOutsideTheRoleFallsToRawSql) {
  // Finance may not read customers: the compiler refuses, the raw SQL step answers.
  server.script("primary", {Reply::ok(R"({"metric":"active_customers"})"),
                            Reply::ok("SELECT sum(amount) AS revenue FROM v_payment_scoped")});
  auto stage = make({"primary"});
  const auto out =
      stage->generate(question("revenue", Role::kFinance, {1, 2}), revenue_by_month_plan({1, 2}));

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:primary");
  EXPECT_EQ(out.details["mode"], "sql");
  EXPECT_EQ(out.details["attempts"][0]["outcome"], "invalid_semantic_query");
  EXPECT_TRUE(out.semantic_query.is_null());
}

TEST_F(ModelGenerationTest, AllModelsDownGivesTheEmbeddedPlannersSql) {
  server.set_fallback(Reply::http(503));
  auto stage = make({"primary", "fallback"});
  const auto plan = revenue_by_month_plan({1, 2});
  const auto out = stage->generate(question("revenue by month", Role::kAdmin, {1, 2}), plan);

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "embedded_planner");
  EXPECT_EQ(out.details["fallback_reason"], "all_models_failed");
  const auto embedded = generation::compile(
      plan.semantic_query, semantic::load_model(COPILOT_SEMANTIC_MODEL), Role::kAdmin);
  EXPECT_EQ(out.sql, embedded.sql);
  EXPECT_EQ(out.semantic_query, plan.semantic_query);
}

TEST_F(ModelGenerationTest, EmbeddedRefusalKeepsTheCompilersCode) {
  server.set_fallback(Reply::http(402));
  auto stage = make({"primary"});
  auto plan = revenue_by_month_plan({1});
  plan.semantic_query["metric"] = "active_customers";
  const auto out = stage->generate(question("active customers", Role::kFinance, {1}), plan);

  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.path, "embedded_planner");
  EXPECT_EQ(out.error_code, "policy_denied");
}

}  // namespace
}  // namespace copilot::workflow
