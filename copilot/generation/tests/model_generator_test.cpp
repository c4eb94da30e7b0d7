// The generator against a real local HTTP fake of the OpenAI API, one scripted scenario per test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "copilot/generation/generator.hpp"
#include "copilot/generation/model_client.hpp"
#include "copilot/generation/tests/fake_openai_server.hpp"
#include "copilot/generation/tests/model_test_support.hpp"

namespace copilot::generation {
namespace {

using nlohmann::json;
using testing::FakeClock;
using testing::FakeOpenAiServer;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RecordingSleeper;
using testing::Reply;
using namespace std::chrono_literals;

const std::string kStructuredRevenue = R"({"metrics":["revenue"],"dimensions":["month"]})";
const std::string kGoodSql =
    "SELECT film_id, sum(amount) AS revenue FROM v_payment_scoped GROUP BY 1 ORDER BY 2 DESC, 1";

class GeneratorTest : public ::testing::Test {
 protected:
  Generator make(std::vector<std::string> models, ModelConfig config = {}) {
    if (config.models.empty()) config = testing::test_config(server.base_url(), std::move(models));
    client = std::make_unique<OpenAiCompatibleClient>(config);
    return Generator(config, PromptPack::load(config.prompt_dir, config.prompt_version), *client,
                     clock, sleeper);
  }
  static std::vector<std::string> outcomes(const GenerationOutput& out) {
    std::vector<std::string> list;
    for (const auto& attempt : out.attempts) {
      list.push_back(attempt["model"].get<std::string>() + "/" +
                     attempt["step"].get<std::string>() + ":" +
                     attempt["outcome"].get<std::string>());
    }
    return list;
  }

  FakeOpenAiServer server;
  FakeClock clock;
  RecordingSleeper sleeper{clock};
  std::unique_ptr<OpenAiCompatibleClient> client;
};

TEST_F(GeneratorTest, StructuredOutputFromThePrimaryModel) {
  server.script("primary", {Reply::ok(kStructuredRevenue)});
  auto generator = make({"primary", "fallback"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(out.path, "model:primary");
  EXPECT_EQ(out.mode, "structured");
  EXPECT_EQ(out.sql, testing::kRevenueByMonthSql);
  EXPECT_EQ(out.semantic_query["metrics"][0], "revenue");
  EXPECT_EQ(out.views_used, std::vector<std::string>{"v_payment_scoped"});
  EXPECT_THAT(outcomes(out), ::testing::ElementsAre("primary/structured:ok"));
  EXPECT_EQ(out.usage["prompt_tokens"], 120);
  EXPECT_EQ(out.usage["completion_tokens"], 30);
  EXPECT_DOUBLE_EQ(out.usage["cost"].get<double>(), 0.00042);
  EXPECT_THAT(out.prompt_pack_version, ::testing::StartsWith("v1@"));

  // The request: structured output, the key, and a prompt holding documents, schema, memory.
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0]["response_format"]["type"], "json_schema");
  EXPECT_EQ(requests[0]["response_format"]["json_schema"]["name"], "semantic_query");
  EXPECT_EQ(server.authorization_headers()[0], "Bearer test-key");
  const std::string system = requests[0]["messages"][0]["content"];
  EXPECT_THAT(system, HasSubstr("Revenue is sum(amount) over v_payment_scoped."));
  EXPECT_THAT(system, HasSubstr("- v_payment_scoped: payment_id, customer_id"));
  EXPECT_THAT(system, HasSubstr("Q: how many payments last month?"));
  EXPECT_THAT(system, HasSubstr("2022-08-23"));
  EXPECT_THAT(system, HasSubstr("Role notes (finance)"));
  EXPECT_THAT(requests[0]["messages"][1]["content"].get<std::string>(),
              HasSubstr("Question: revenue by month"));
  EXPECT_EQ(out.audit_details()["path"], "model:primary");
}

TEST_F(GeneratorTest, RetriesA429HonouringRetryAfterThenSucceeds) {
  server.script("primary", {Reply::http(429, "2"), Reply::ok(kStructuredRevenue)});
  auto generator = make({"primary"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:primary");
  EXPECT_THAT(outcomes(out),
              ::testing::ElementsAre("primary/structured:http_429", "primary/structured:ok"));
  ASSERT_EQ(sleeper.waits().size(), 1U);
  EXPECT_GE(sleeper.waits()[0], 2000ms);  // Retry-After: 2 (seconds), plus at most 10% jitter
  EXPECT_LE(sleeper.waits()[0], 2200ms);
  EXPECT_EQ(out.attempts[0]["retry_after_ms"], 2000);
  EXPECT_EQ(out.attempts[1]["waited_ms"], sleeper.waits()[0].count());
}

TEST_F(GeneratorTest, RetriesA503WithJitteredBackoff) {
  server.script("primary", {Reply::http(503), Reply::http(503), Reply::ok(kStructuredRevenue)});
  auto generator = make({"primary"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  auto waits = sleeper.waits();
  ASSERT_EQ(waits.size(), 2U);
  EXPECT_GE(waits[0], 50ms);  // base 100 ms, equal jitter: [50, 100]
  EXPECT_LE(waits[0], 100ms);
  EXPECT_GE(waits[1], 100ms);  // doubled: [100, 200]
  EXPECT_LE(waits[1], 200ms);
}

TEST_F(GeneratorTest, PaymentRequiredOnPrimaryFallsBackWithoutRetrying) {
  server.script("primary", {Reply::http(402)});
  server.script("fallback", {Reply::ok(kStructuredRevenue)});
  auto generator = make({"primary", "fallback"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:fallback");
  EXPECT_THAT(outcomes(out),
              ::testing::ElementsAre("primary/structured:http_402", "fallback/structured:ok"));
  EXPECT_TRUE(sleeper.waits().empty());
}

TEST_F(GeneratorTest, TimeoutIsRetriedThenTheNextModelAnswers) {
  auto config = testing::test_config(server.base_url(), {"slow", "fallback"});
  config.call_timeout = 150ms;
  config.retry.max_attempts = 2;
  server.script("slow", {Reply::timeout(), Reply::timeout()});
  server.script("fallback", {Reply::ok(kStructuredRevenue)});
  auto generator = make({}, config);

  const auto started = std::chrono::steady_clock::now();
  auto out = generator.generate(testing::revenue_question());
  const auto elapsed = std::chrono::steady_clock::now() - started;

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:fallback");
  EXPECT_THAT(outcomes(out),
              ::testing::ElementsAre("slow/structured:timeout", "slow/structured:timeout",
                                     "fallback/structured:ok"));
  EXPECT_LT(elapsed, 1500ms);  // two 150 ms timeouts, not the server's 3 s
}

TEST_F(GeneratorTest, MalformedStructuredAnswerFallsBackToRawSqlOnTheSameModel) {
  server.script("primary", {Reply::ok("Sure! Here is the revenue: lots."), Reply::ok(kGoodSql)});
  auto generator = make({"primary"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:primary");
  EXPECT_EQ(out.mode, "sql");
  EXPECT_EQ(out.sql, kGoodSql);
  EXPECT_TRUE(out.semantic_query.is_null());
  EXPECT_THAT(outcomes(out),
              ::testing::ElementsAre("primary/structured:invalid_json", "primary/sql:ok"));
  EXPECT_FALSE(server.requests()[1].contains("response_format"));
}

TEST_F(GeneratorTest, MalformedHttpBodyMovesToTheNextModel) {
  server.script("primary", {Reply::malformed()});
  server.script("fallback", {Reply::ok(kStructuredRevenue)});
  auto generator = make({"primary", "fallback"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:fallback");
  EXPECT_THAT(outcomes(out), ::testing::ElementsAre("primary/structured:malformed_response",
                                                    "fallback/structured:ok"));
}

TEST_F(GeneratorTest, HallucinatedColumnIsRepairedWithTheDatabaseErrorFedBack) {
  server.script("primary",
                {Reply::ok(R"({"metrics":["revenue_total"]})"),
                 Reply::ok("```sql\nSELECT sum(revenue_total) FROM v_payment_scoped;\n```"),
                 Reply::ok("SELECT sum(amount) AS revenue FROM v_payment_scoped")});
  auto generator = make({"primary"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:primary");
  EXPECT_EQ(out.mode, "repair");
  EXPECT_EQ(out.sql, "SELECT sum(amount) AS revenue FROM v_payment_scoped");
  EXPECT_THAT(outcomes(out), ::testing::ElementsAre("primary/structured:invalid_semantic_query",
                                                    "primary/sql:db_error", "primary/repair:ok"));
  // The repair request carries the previous answer and the database's error.
  auto repair = server.requests()[2]["messages"];
  ASSERT_EQ(repair.size(), 4U);
  EXPECT_EQ(repair[2]["role"], "assistant");
  EXPECT_THAT(repair[3]["content"].get<std::string>(),
              HasSubstr("column \"revenue_total\" does not exist"));
}

TEST_F(GeneratorTest, ForbiddenTableIsRefusedByTheGuardrailThenTheFallbackAnswers) {
  auto config = testing::test_config(server.base_url(), {"primary", "fallback"});
  config.structured_output = false;
  server.script("primary", {Reply::ok("SELECT email FROM customer"),
                            Reply::ok("SELECT c.email FROM customer c")});
  server.script("fallback", {Reply::ok(kGoodSql)});
  auto generator = make({}, config);
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:fallback");
  EXPECT_EQ(out.sql, kGoodSql);
  EXPECT_THAT(outcomes(out),
              ::testing::ElementsAre("primary/sql:guardrail_rejected",
                                     "primary/repair:guardrail_rejected", "fallback/sql:ok"));
  EXPECT_THAT(out.attempts[0]["error"].get<std::string>(), HasSubstr("relation_not_allowed"));
  EXPECT_THAT(server.requests()[1]["messages"][3]["content"].get<std::string>(),
              HasSubstr("relation \"customer\" is not readable by role finance"));
}

TEST_F(GeneratorTest, GuardrailRefusalEverywhereWithoutAPlanIsReportedNotRun) {
  auto config = testing::test_config(server.base_url(), {"primary"});
  config.structured_output = false;
  server.script("primary", {Reply::ok("SELECT * FROM payment"), Reply::ok("SELECT * FROM rental")});
  auto generator = make({}, config);
  auto input = testing::revenue_question();
  input.embedded_semantic_query = nullptr;
  auto out = generator.generate(input);

  EXPECT_FALSE(out.ok);
  EXPECT_TRUE(out.sql.empty());
  EXPECT_EQ(out.error_code, "guardrail_rejected");
  EXPECT_THAT(out.error, HasSubstr("relation \"rental\""));
}

TEST_F(GeneratorTest, AllModelsDownFallsBackToTheEmbeddedPlanner) {
  server.set_fallback(Reply::http(503));
  auto generator = make({"primary", "fallback"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "embedded_planner");
  EXPECT_EQ(out.mode, "embedded");
  EXPECT_EQ(out.fallback_reason, "all_models_failed");
  EXPECT_THAT(out.sql, HasSubstr("date_trunc('month'"));
  EXPECT_EQ(out.attempts.size(), 6U);  // 3 attempts per model
  EXPECT_EQ(out.usage["total_tokens"], 0);
}

TEST_F(GeneratorTest, UnreachableEndpointFallsBackToTheEmbeddedPlanner) {
  auto config = testing::test_config("http://127.0.0.1:1/v1", {"primary"});
  config.retry.max_attempts = 2;
  auto generator = make({}, config);
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "embedded_planner");
  EXPECT_THAT(outcomes(out), ::testing::ElementsAre("primary/structured:transport_error",
                                                    "primary/structured:transport_error"));
}

TEST_F(GeneratorTest, NoModelConfiguredMeansTheEmbeddedPlannerAndNoCall) {
  ModelConfig config;
  config.prompt_dir = COPILOT_PROMPTS_DIR;
  OpenAiCompatibleClient unused(config);
  Generator generator(config, PromptPack::load(config.prompt_dir, "v1"), unused, clock, sleeper);
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "embedded_planner");
  EXPECT_EQ(out.fallback_reason, "no_model_configured");
  EXPECT_TRUE(out.attempts.empty());
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(GeneratorTest, CircuitOpensAfterRepeatedFailuresAndHalfOpenProbeClosesIt) {
  auto config = testing::test_config(server.base_url(), {"primary", "fallback"});
  config.retry.max_attempts = 1;
  config.breaker.failure_threshold = 2;
  config.breaker.cooldown = 30s;
  server.script("primary", {Reply::http(500), Reply::http(500)});
  server.script("fallback", {Reply::ok(kStructuredRevenue), Reply::ok(kStructuredRevenue),
                             Reply::ok(kStructuredRevenue)});
  auto generator = make({}, config);

  generator.generate(testing::revenue_question());
  generator.generate(testing::revenue_question());
  EXPECT_EQ(generator.breaker("primary").state(), CircuitBreaker::State::kOpen);

  auto skipped = generator.generate(testing::revenue_question());
  EXPECT_EQ(skipped.path, "model:fallback");
  EXPECT_THAT(outcomes(skipped),
              ::testing::ElementsAre("primary/structured:circuit_open", "fallback/structured:ok"));
  EXPECT_EQ(server.requests_for("primary").size(), 2U);  // no call while open

  clock.advance(31s);  // cooldown over: one probe goes through and succeeds
  server.script("primary", {Reply::ok(kStructuredRevenue)});
  auto probed = generator.generate(testing::revenue_question());
  EXPECT_EQ(probed.path, "model:primary");
  EXPECT_EQ(generator.breaker("primary").state(), CircuitBreaker::State::kClosed);
}

TEST_F(GeneratorTest, TotalBudgetStopsRetriesAndTheEmbeddedPlannerAnswers) {
  // Real time here: the budget must cut a call that hangs, not only the waits between calls.
  auto config = testing::test_config(server.base_url(), {"primary", "fallback"});
  config.total_budget = 400ms;
  server.script("primary", {Reply::timeout()});
  server.set_fallback(Reply::ok(kStructuredRevenue));
  common::SystemClock system_clock;
  OpenAiCompatibleClient http(config);
  Generator generator(config, PromptPack::load(config.prompt_dir, "v1"), http, system_clock,
                      sleeper);

  const auto started = std::chrono::steady_clock::now();
  auto out = generator.generate(testing::revenue_question());
  const auto elapsed = std::chrono::steady_clock::now() - started;

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "embedded_planner");
  EXPECT_EQ(out.fallback_reason, "budget_exhausted");
  EXPECT_THAT(outcomes(out),
              ::testing::ElementsAre("primary/structured:timeout", "fallback/-:budget_exhausted"));
  EXPECT_TRUE(server.requests_for("fallback").empty());
  EXPECT_LT(elapsed, 1000ms);  // the call's own timeout was cut to the 400 ms budget
}

TEST_F(GeneratorTest, WaitsThatDoNotFitTheBudgetAreNotTaken) {
  auto config = testing::test_config(server.base_url(), {"primary", "fallback"});
  config.total_budget = 3000ms;
  server.script("primary", {Reply::http(429, "2"), Reply::http(429, "2")});
  server.script("fallback", {Reply::ok(kStructuredRevenue)});
  auto generator = make({}, config);
  auto out = generator.generate(testing::revenue_question());

  // 429 → wait 2 s (fake clock) → 429 again: a second 2 s wait does not fit in the 3 s budget,
  // so the fallback gets the time that is left.
  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:fallback");
  EXPECT_EQ(sleeper.waits().size(), 1U);
  EXPECT_EQ(out.attempts[1]["outcome"], "http_429");
}

TEST_F(GeneratorTest, RetryAfterLongerThanAllowedSkipsToTheNextModel) {
  server.script("primary", {Reply::http(429, "3600")});
  server.script("fallback", {Reply::ok(kStructuredRevenue)});
  auto generator = make({"primary", "fallback"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:fallback");
  EXPECT_TRUE(sleeper.waits().empty());
}

TEST_F(GeneratorTest, UnsupportedResponseFormatFallsBackToRawSql) {
  server.script("primary", {Reply::http(400), Reply::ok(kGoodSql)});
  auto generator = make({"primary"});
  auto out = generator.generate(testing::revenue_question());

  ASSERT_TRUE(out.ok);
  EXPECT_EQ(out.path, "model:primary");
  EXPECT_EQ(out.mode, "sql");
  EXPECT_EQ(generator.breaker("primary").state(), CircuitBreaker::State::kClosed);
}

TEST_F(GeneratorTest, StreamsTokensAndReadsUsageFromTheLastChunk) {
  auto config = testing::test_config(server.base_url(), {"primary"});
  config.stream = true;
  server.script("primary", {Reply::ok(kStructuredRevenue)});
  auto generator = make({}, config);
  auto input = testing::revenue_question();
  std::string streamed;
  int deltas = 0;
  input.on_token = [&](std::string_view text) {
    streamed += text;
    ++deltas;
  };
  auto out = generator.generate(input);

  ASSERT_TRUE(out.ok) << out.attempts.dump();
  EXPECT_EQ(out.mode, "structured");
  EXPECT_EQ(streamed, kStructuredRevenue);
  EXPECT_GT(deltas, 3);
  EXPECT_EQ(out.usage["total_tokens"], 150);
  EXPECT_TRUE(server.requests()[0]["stream"].get<bool>());
}

TEST_F(GeneratorTest, OrgPromptOverrideIsUsedAndVersioned) {
  server.script("primary", {Reply::ok(kStructuredRevenue)});
  auto generator = make({"primary"});
  auto input = testing::revenue_question();
  input.org = "example";
  auto out = generator.generate(input);

  ASSERT_TRUE(out.ok);
  EXPECT_THAT(out.prompt_pack_version, ::testing::StartsWith("v1/example@"));
  EXPECT_THAT(server.requests()[0]["messages"][0]["content"].get<std::string>(),
              HasSubstr("Example Org"));
}

TEST_F(GeneratorTest, AnOrganisationWithoutOverridesGetsThePackItself) {
  server.script("primary", {Reply::ok(kStructuredRevenue)});
  auto generator = make({"primary"});
  auto input = testing::revenue_question();
  input.org = "acme";  // an organisation whose slug has no orgs/<slug>/ folder
  auto out = generator.generate(input);

  ASSERT_TRUE(out.ok);
  EXPECT_THAT(out.prompt_pack_version, ::testing::StartsWith("v1@"));
  EXPECT_THAT(server.requests()[0]["messages"][0]["content"].get<std::string>(),
              Not(HasSubstr("Example Org")));
}

TEST_F(GeneratorTest, WithoutAGuardrailModelSqlIsNeverUsed) {
  server.script("primary", {Reply::ok(kStructuredRevenue)});
  auto generator = make({"primary"});
  auto input = testing::revenue_question();
  input.guardrail = nullptr;
  auto out = generator.generate(input);

  EXPECT_EQ(out.path, "embedded_planner");
  EXPECT_EQ(out.fallback_reason, "no_guardrail_bound");
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace copilot::generation
