// Rate limits with a fake clock: the bucket empties, refuses with a Retry-After, and refills.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "common/time/manual_clock.hpp"
#include "gateway/limits/rate_limiter.hpp"

namespace gateway::limits {
namespace {

using namespace std::chrono_literals;

using FakeClock = common::ManualClock;

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
  EXPECT_EQ(limiter.acquire("alice").retry_after, 1s);
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

TEST(RateLimiter, RefundGivesATokenBackUpToCapacity) {
  FakeClock clock;
  RateLimiter limiter(clock, 2, 60s);
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  EXPECT_FALSE(limiter.acquire("bob").allowed);
  limiter.refund("bob");
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  limiter.refund("bob");
  limiter.refund("bob");
  limiter.refund("bob");  // never above capacity
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  EXPECT_FALSE(limiter.acquire("bob").allowed);
}

TEST(RateLimiter, ConcurrentAttemptsNeverTakeMoreThanTheBucketHolds) {
  FakeClock clock;
  RateLimiter limiter(clock, 10, 60s);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  threads.reserve(16);
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (limiter.acquire("victim").allowed) ++allowed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 10);
}

TEST(RateLimiter, AFullTableEvictsTheOldestIdleBucketsNeverALockout) {
  FakeClock clock;
  RateLimiter limiter(clock, 2, 60s, 16);
  // The victim is locked out...
  EXPECT_TRUE(limiter.acquire("victim").allowed);
  EXPECT_TRUE(limiter.acquire("victim").allowed);
  EXPECT_FALSE(limiter.acquire("victim").allowed);
  // ...and an attacker floods the table with fresh keys, each used once (not refilled).
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(limiter.acquire("flood" + std::to_string(i)).allowed) << i;
  }
  EXPECT_LE(limiter.tracked_keys(), 16U);
  EXPECT_FALSE(limiter.acquire("victim").allowed) << "the lockout was forgotten";
}

TEST(RateLimiter, ATableOfLockoutsRefusesNewKeys) {
  FakeClock clock;
  RateLimiter limiter(clock, 1, 60s, 16);
  for (int i = 0; i < 16; ++i) EXPECT_TRUE(limiter.acquire("k" + std::to_string(i)).allowed);
  const auto refused = limiter.acquire("newcomer");
  EXPECT_FALSE(refused.allowed);
  EXPECT_GE(refused.retry_after, 1s);
  clock.advance(60s);  // everything refilled: room again
  EXPECT_TRUE(limiter.acquire("newcomer").allowed);
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
