// Rate limits with a fake clock: the bucket empties, refuses with a Retry-After, and refills.
#include <gtest/gtest.h>

#include "gateway/limits/rate_limiter.hpp"

namespace gateway::limits {
namespace {

using namespace std::chrono_literals;

class FakeClock final : public common::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(offset_));
  }
  [[nodiscard]] std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(offset_));
  }
  void advance(std::chrono::milliseconds by) { offset_ += by; }

 private:
  std::chrono::milliseconds offset_{1'000'000};
};

TEST(RateLimiter, AllowsCapacityThenRefusesWithRetryAfter) {
  FakeClock clock;
  RateLimiter limiter(clock, 5, 60s);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.acquire("alice").allowed) << i;
  const auto refused = limiter.acquire("alice");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 12s);  // one token per 12 s
}

TEST(RateLimiter, RefillsOverTime) {
  FakeClock clock;
  RateLimiter limiter(clock, 5, 60s);
  for (int i = 0; i < 5; ++i) limiter.acquire("alice");
  clock.advance(11s);
  EXPECT_FALSE(limiter.acquire("alice").allowed);
  EXPECT_EQ(limiter.check("alice").retry_after, 1s);
  clock.advance(1s);
  EXPECT_TRUE(limiter.acquire("alice").allowed);
  EXPECT_FALSE(limiter.acquire("alice").allowed);
  clock.advance(10min);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.acquire("alice").allowed);
  EXPECT_FALSE(limiter.acquire("alice").allowed);
}

TEST(RateLimiter, KeysAreIndependent) {
  FakeClock clock;
  RateLimiter limiter(clock, 2, 60s);
  EXPECT_TRUE(limiter.acquire("a").allowed);
  EXPECT_TRUE(limiter.acquire("a").allowed);
  EXPECT_FALSE(limiter.acquire("a").allowed);
  EXPECT_TRUE(limiter.acquire("b").allowed);
}

TEST(RateLimiter, CheckDoesNotConsumeAndChargeCountsFailures) {
  FakeClock clock;
  RateLimiter limiter(clock, 3, 30s);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.check("bob").allowed);
  limiter.charge("bob");
  limiter.charge("bob");
  limiter.charge("bob");
  EXPECT_FALSE(limiter.check("bob").allowed);
  limiter.charge("bob");  // failures beyond the limit push the wait further
  EXPECT_EQ(limiter.check("bob").retry_after, 20s);
}

TEST(RateLimiter, MemoryStaysBounded) {
  FakeClock clock;
  RateLimiter limiter(clock, 1, 1s, 100);
  for (int i = 0; i < 1000; ++i) {
    limiter.acquire("key" + std::to_string(i));
    clock.advance(10ms);
  }
  EXPECT_LE(limiter.tracked_keys(), 100U);
}

}  // namespace
}  // namespace gateway::limits
