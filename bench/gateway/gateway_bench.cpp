// bench/gateway/gateway_bench.cpp — the gateway's per-request CPU work without the network:
// token verification, ask-body validation and a rate-limit decision.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include "gateway/ask/validation.hpp"
#include "gateway/auth/jwt.hpp"
#include "gateway/limits/rate_limiter.hpp"

namespace {

const std::string kSecret = "bench-secret-0123456789abcdef-0123456789abcdef";

void BM_IssueToken(benchmark::State& state) {
  const gateway::auth::TokenCodec codec(kSecret, std::chrono::seconds(3600));
  const gateway::auth::Identity who{3, "manager_multi", "store_manager", {1, 2}, false};
  const auto now = std::chrono::system_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(codec.issue(who, now));
}
BENCHMARK(BM_IssueToken);

void BM_VerifyToken(benchmark::State& state) {
  const gateway::auth::TokenCodec codec(kSecret, std::chrono::seconds(3600));
  const auto now = std::chrono::system_clock::now();
  const auto token = codec.issue({3, "manager_multi", "store_manager", {1, 2}, false}, now);
  for (auto _ : state) {
    auto v = codec.verify(token, now);
    if (!v.ok()) state.SkipWithError("token refused");
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_VerifyToken);

void BM_ValidateAskBody(benchmark::State& state) {
  const std::string body =
      R"({"question":"What was total revenue by store last month?","store_id":2,)"
      R"("conversation_id":"a1b2c3d4-0000-4000-8000-000000000001"})";
  for (auto _ : state) benchmark::DoNotOptimize(gateway::ask::parse_ask(body));
}
BENCHMARK(BM_ValidateAskBody);

void BM_RateLimiterAcquire(benchmark::State& state) {
  const common::SystemClock clock;
  gateway::limits::RateLimiter limiter(clock, 1'000'000'000, std::chrono::seconds(60));
  for (auto _ : state) benchmark::DoNotOptimize(limiter.acquire("user-42"));
}
BENCHMARK(BM_RateLimiterAcquire);

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
