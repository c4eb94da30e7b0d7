// What the generator adds on top of the model's own latency: prompt building, JSON, HTTP over
// loopback, validation callbacks. The issue's budget is 5% of the model's latency.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "copilot/generation/generator.hpp"
#include "copilot/generation/tests/fake_openai_server.hpp"
#include "copilot/generation/tests/model_test_support.hpp"

namespace copilot::generation {
namespace {

using namespace std::chrono_literals;
using testing::Reply;

TEST(ModelOverhead, MedianOverheadIsSmallNextToModelLatency) {
  constexpr int kCalls = 30;
  constexpr auto kModelLatency = 50ms;
  testing::FakeOpenAiServer server;
  testing::FakeClock clock;
  testing::RecordingSleeper sleeper(clock);
  auto config = testing::test_config(server.base_url(), {"primary"});
  OpenAiCompatibleClient client(config);
  Generator generator(config, PromptPack::load(config.prompt_dir, "v1"), client, clock, sleeper);
  auto input = testing::revenue_question();
  input.guardrail = [](const std::string&) {  // measure the generator, not the regex stand-in
    GuardrailResult accepted;
    accepted.accepted = true;
    return accepted;
  };

  std::vector<double> overheads;
  for (int i = 0; i < kCalls; ++i) {
    server.script(
        "primary",
        {Reply::ok(R"({"metrics":["revenue"],"dimensions":["month"]})").after(kModelLatency)});
    const double server_before = server.server_ms();
    const auto started = std::chrono::steady_clock::now();
    auto out = generator.generate(input);
    const double total =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    ASSERT_EQ(out.path, "model:primary");
    overheads.push_back(total - (server.server_ms() - server_before));
    if (std::getenv("MODEL_OVERHEAD_TRACE") != nullptr) {
      std::printf("total %.3f http %.3f server %.3f\n", total,
                  out.attempts[0]["latency_ms"].get<double>(), server.server_ms() - server_before);
    }
  }
  std::sort(overheads.begin(), overheads.end());
  const double median = overheads[overheads.size() / 2];
  const double p90 = overheads[overheads.size() * 9 / 10];
  const double model_ms = std::chrono::duration<double, std::milli>(kModelLatency).count();
  std::printf(
      "[ overhead ] model latency %.1f ms, generator overhead median %.3f ms (%.2f%%), "
      "p90 %.3f ms (%.2f%%)\n",
      model_ms, median, 100 * median / model_ms, p90, 100 * p90 / model_ms);
  // A regression gate, not the measurement: `make bench` (model_bench) reports the figure against
  // the issue's 5% target on a quiet machine. Here the suites run in parallel on a loaded machine,
  // and sanitizer builds are several times slower, so the bounds leave room for scheduling noise
  // while still catching a stray sleep or a reconnect per call.
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(COPILOT_SANITIZED)
  EXPECT_LE(median, 0.10 * model_ms);
#else
  EXPECT_LE(median, 0.50 * model_ms);
#endif
}

}  // namespace
}  // namespace copilot::generation
