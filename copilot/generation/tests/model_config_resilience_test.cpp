// Model configuration from the environment, and the resilience pieces on their own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/config/env.hpp"
#include "copilot/generation/generator.hpp"
#include "copilot/generation/model_config.hpp"
#include "copilot/generation/resilience.hpp"
#include "copilot/generation/tests/model_test_support.hpp"

namespace copilot::generation {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;

// Sets variables for one test and removes every variable the loader reads afterwards.
class EnvGuard {
 public:
  EnvGuard() { clear(); }
  ~EnvGuard() { clear(); }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;
  void set(const char* name, const char* value) { setenv(name, value, 1); }  // NOLINT

 private:
  static void clear() {
    for (const char* name :
         {"OPENROUTER_BASE_URL", "OPENROUTER_API_KEY", "OPENROUTER_MODEL",
          "OPENROUTER_FALLBACK_MODELS", "LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL",
          "LLM_FALLBACK_MODELS", "LLM_TIMEOUT_MS", "LLM_BUDGET_MS", "LLM_MAX_TOKENS",
          "LLM_DISABLED", "LLM_RESPONSE_FORMAT", "LLM_ALLOW_INSECURE", "LLM_PROMPT_PACK",
          "LLM_STREAM", "LLM_TEMPERATURE"}) {
      unsetenv(name);  // NOLINT(concurrency-mt-unsafe): tests are single-threaded here
    }
  }
};

TEST(ModelConfig, NothingSetMeansEmbeddedPlannerOnly) {
  EnvGuard env;
  auto config = load_model_config();
  EXPECT_FALSE(config.enabled());
  EXPECT_EQ(config.describe(), "embedded planner only (no model configured)");
}

TEST(ModelConfig, SeedOpenRouterNamesWithFallbacks) {
  EnvGuard env;
  env.set("OPENROUTER_API_KEY", "sk-or-secret");
  env.set("OPENROUTER_MODEL", "meta-llama/llama-3.3-70b-instruct:free");
  env.set("OPENROUTER_FALLBACK_MODELS", " qwen/qwen-2.5-72b-instruct:free, ,mistralai/mistral-7b ");
  auto config = load_model_config();
  EXPECT_EQ(config.base_url, "https://openrouter.ai/api/v1");
  EXPECT_EQ(config.api_key, "sk-or-secret");
  EXPECT_THAT(config.models,
              ::testing::ElementsAre("meta-llama/llama-3.3-70b-instruct:free",
                                     "qwen/qwen-2.5-72b-instruct:free", "mistralai/mistral-7b"));
  EXPECT_EQ(config.describe().find("sk-or-secret"), std::string::npos);
}

TEST(ModelConfig, GenericAliasesWinAndNumbersAreRead) {
  EnvGuard env;
  env.set("OPENROUTER_MODEL", "seed-model");
  env.set("OPENROUTER_API_KEY", "k");
  env.set("LLM_BASE_URL", "http://127.0.0.1:11434/v1/");
  env.set("LLM_MODEL", "llama3.1:8b");
  env.set("LLM_TIMEOUT_MS", "5000");
  env.set("LLM_BUDGET_MS", "12000");
  env.set("LLM_MAX_TOKENS", "400");
  auto config = load_model_config();
  EXPECT_EQ(config.base_url, "http://127.0.0.1:11434/v1");
  EXPECT_THAT(config.models, ::testing::ElementsAre("llama3.1:8b"));
  EXPECT_EQ(config.call_timeout, 5000ms);
  EXPECT_EQ(config.total_budget, 12000ms);
  EXPECT_EQ(config.max_tokens, 400);
}

TEST(ModelConfig, UnsafeOrIncompleteSettingsStopTheService) {
  using common::config::ConfigError;
  {
    EnvGuard env;
    env.set("LLM_MODEL", "m");  // no base URL
    EXPECT_THROW(load_model_config(), ConfigError);
  }
  {
    EnvGuard env;
    env.set("LLM_MODEL", "m");
    env.set("LLM_BASE_URL", "ftp://x");
    EXPECT_THROW(load_model_config(), ConfigError);
  }
  {
    EnvGuard env;
    env.set("LLM_MODEL", "m");
    env.set("LLM_BASE_URL", "http://10.0.0.5:8000/v1");
    env.set("LLM_API_KEY", "secret");  // a key in clear text over the network
    EXPECT_THROW(load_model_config(), ConfigError);
    env.set("LLM_ALLOW_INSECURE", "true");
    EXPECT_NO_THROW(load_model_config());
  }
  {
    EnvGuard env;
    env.set("LLM_MODEL", "m");
    env.set("LLM_BASE_URL", "https://openrouter.ai/api/v1");  // OpenRouter without a key
    EXPECT_THROW(load_model_config(), ConfigError);
  }
  {
    EnvGuard env;
    env.set("LLM_FALLBACK_MODELS", "b");  // fallbacks without a primary
    env.set("LLM_BASE_URL", "http://127.0.0.1:1/v1");
    EXPECT_THROW(load_model_config(), ConfigError);
  }
  {
    EnvGuard env;
    env.set("LLM_TIMEOUT_MS", "-1");
    EXPECT_THROW(load_model_config(), ConfigError);
  }
  {
    EnvGuard env;
    env.set("LLM_PROMPT_PACK", "../etc");
    EXPECT_THROW(load_model_config(), ConfigError);
  }
}

TEST(ModelConfig, DisabledWinsOverEverything) {
  EnvGuard env;
  env.set("OPENROUTER_API_KEY", "k");
  env.set("OPENROUTER_MODEL", "m");
  env.set("LLM_DISABLED", "true");
  EXPECT_FALSE(load_model_config().enabled());
}

TEST(Resilience, BreakerHalfOpenProbeFailureReopens) {
  FakeClock clock;
  CircuitBreaker breaker(clock, BreakerPolicy{2, 10s});
  EXPECT_TRUE(breaker.allow());
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::kClosed);
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::kOpen);
  EXPECT_FALSE(breaker.allow());

  clock.advance(10s);
  EXPECT_TRUE(breaker.allow());   // the probe
  EXPECT_FALSE(breaker.allow());  // only one at a time
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::kHalfOpen);
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::kOpen);
  EXPECT_FALSE(breaker.allow());

  clock.advance(10s);
  EXPECT_TRUE(breaker.allow());
  breaker.record_success();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(breaker.allow());
}

TEST(Resilience, SuccessResetsTheFailureCount) {
  FakeClock clock;
  CircuitBreaker breaker(clock, BreakerPolicy{2, 10s});
  breaker.record_failure();
  breaker.record_success();
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::kClosed);
}

TEST(Resilience, BackoffGrowsIsCappedAndHonoursRetryAfter) {
  Jitter jitter(42);
  RetryPolicy policy{10, 100ms, 800ms, 10000ms};
  for (int i = 0; i < 50; ++i) {
    auto first = backoff_delay(policy, 1, std::nullopt, jitter);
    EXPECT_GE(first, 50ms);
    EXPECT_LE(first, 100ms);
    auto late = backoff_delay(policy, 8, std::nullopt, jitter);
    EXPECT_GE(late, 400ms);
    EXPECT_LE(late, 800ms);
    auto told = backoff_delay(policy, 1, 1500ms, jitter);
    EXPECT_GE(told, 1500ms);
    EXPECT_LE(told, 1650ms);
  }
}

TEST(Resilience, Classification) {
  auto http = [](int status) {
    ChatResponse r;
    r.status = ChatResponse::Status::kHttpError;
    r.http_status = status;
    return classify(r);
  };
  EXPECT_EQ(http(429), Verdict::kRetry);
  EXPECT_EQ(http(500), Verdict::kRetry);
  EXPECT_EQ(http(503), Verdict::kRetry);
  EXPECT_EQ(http(402), Verdict::kNextModel);
  EXPECT_EQ(http(401), Verdict::kNextModel);
  EXPECT_EQ(http(404), Verdict::kNextModel);
  EXPECT_EQ(http(400), Verdict::kBadRequest);
  ChatResponse timeout;
  timeout.status = ChatResponse::Status::kTimeout;
  EXPECT_EQ(classify(timeout), Verdict::kRetry);
}

TEST(PromptPack, TemplatesAndExtraction) {
  EXPECT_EQ(render_template("a {{x}} b {{ y }} {{z}}", {{"x", "1"}, {"y", "2"}}), "a 1 b 2 {{z}}");
  EXPECT_EQ(extract_sql("```sql\nSELECT 1;\n```"), "SELECT 1");
  EXPECT_EQ(extract_sql("  SELECT 2 ;; "), "SELECT 2");
  EXPECT_EQ(extract_json("Here:\n```json\n{\"metrics\":[\"revenue\"]}\n```")["metrics"][0],
            "revenue");
  EXPECT_EQ(extract_json("The query is {\"a\":1} as requested")["a"], 1);
  EXPECT_TRUE(extract_json("no json").is_discarded());
}

TEST(PromptPack, MissingPackStopsTheService) {
  EXPECT_THROW(PromptPack::load(COPILOT_PROMPTS_DIR, "v999"), common::config::ConfigError);
  auto pack = PromptPack::load(COPILOT_PROMPTS_DIR, "v1");
  EXPECT_TRUE(pack.has_org("example"));
  EXPECT_NE(pack.version(""), pack.version("example"));
  EXPECT_EQ(pack.version("unknown-org"), pack.version(""));
}

}  // namespace
}  // namespace copilot::generation
