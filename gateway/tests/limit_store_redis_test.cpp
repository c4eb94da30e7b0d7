// Rate limits shared through Redis (LIMITS_STORE=redis) against a real redis-server started for
// each test on a reserved port: two stores — two gateways — hammering one key never take more
// than the bucket holds (the refill and the take are one Lua script, run alone by Redis); a
// refusal says how long to wait; a refund gives the token back; keys of any bytes are their own
// bucket; a Redis that goes away mid-run leaves this instance limiting from its own buckets.
// redis-server missing is a failure (scripts/setup installs it), never a skip.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "common/time/clock.hpp"
#include "gateway/limits/redis_bucket_store.hpp"
#include "gateway/limits/shared_limiter.hpp"
#include "gateway/tests/limit_store_cases.hpp"
#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using namespace std::chrono_literals;
using limits::RedisBucketStore;
using limits::SharedLimiter;

// A redis-server of its own: no persistence, loopback only, stopped with the test.
class RedisServer {
 public:
  RedisServer() : port_(reserve_loopback_port()) {
    const std::string binary = "/usr/bin/redis-server";
    if (!std::filesystem::exists(binary)) {
      ADD_FAILURE() << binary << " is missing: run scripts/setup (it installs redis-server)";
      return;
    }
    process_ = std::make_unique<Process>(
        binary,
        std::vector<std::string>{"--port", std::to_string(port_), "--bind", "127.0.0.1", "--save",
                                 "", "--appendonly", "no"},
        std::map<std::string, std::string>{},
        std::string(GATEWAY_TEST_LOG_DIR) + "/redis-" + std::to_string(port_) + ".log");
    for (int i = 0; i < 200 && !common::testing::accepts_connections(port_); ++i) {
      if (!process_->running()) break;
      std::this_thread::sleep_for(20ms);
    }
    if (!common::testing::accepts_connections(port_)) {
      ADD_FAILURE() << "redis-server did not start:\n" << process_->log_tail();
    }
  }
  [[nodiscard]] std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  void stop() {
    if (process_) process_->stop();
  }

 private:
  int port_;
  std::unique_ptr<Process> process_;
};

TEST(RedisLimitStore, TwoGatewaysHammeringOneKeyNeverTakeMoreThanTheBucketHolds) {
  RedisServer redis;
  const common::SystemClock clock;
  RedisBucketStore store_a(redis.url(), 4);
  RedisBucketStore store_b(redis.url(), 4);
  // 20 per hour: what refills during the test is far below one token.
  SharedLimiter a(store_a, "test_hammer", clock, 20, 1h);
  SharedLimiter b(store_b, "test_hammer", clock, 20, 1h);
  const int granted = granted_to_two_gateways(a, b, "alice");
  EXPECT_FALSE(a.falling_back());
  EXPECT_FALSE(b.falling_back());
  EXPECT_EQ(granted, 20);
}

TEST(RedisLimitStore, ARefusalSaysHowLongToWaitARefundGivesBackAndKeysAreIndependent) {
  RedisServer redis;
  const common::SystemClock clock;
  RedisBucketStore store(redis.url(), 2);
  SharedLimiter limiter(store, "test_wait", clock, 2, 60s);
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  const auto refused = limiter.acquire("bob");
  EXPECT_FALSE(refused.allowed);
  EXPECT_GE(refused.retry_after, 1s);
  EXPECT_LE(refused.retry_after, 30s);
  limiter.refund("bob");
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  EXPECT_FALSE(limiter.acquire("bob").allowed);
  EXPECT_TRUE(limiter.acquire("carol").allowed);
  const std::string odd("\xff\xfe not utf-8 \0 inside", 21);
  EXPECT_TRUE(limiter.acquire(odd).allowed);
  EXPECT_TRUE(limiter.acquire(odd).allowed);
  EXPECT_FALSE(limiter.acquire(odd).allowed);
  EXPECT_FALSE(limiter.falling_back());
}

TEST(RedisLimitStore, ARedisThatGoesAwayLeavesThisInstanceLimitingOnItsOwn) {
  RedisServer redis;
  const common::SystemClock clock;
  RedisBucketStore store(redis.url(), 2, 200ms);
  SharedLimiter limiter(store, "test_down", clock, 3, 60s);
  EXPECT_TRUE(limiter.acquire("frank").allowed);
  EXPECT_FALSE(limiter.falling_back());
  redis.stop();
  EXPECT_TRUE(limiter.acquire("frank").allowed);
  EXPECT_TRUE(limiter.falling_back());
  EXPECT_TRUE(limiter.acquire("frank").allowed);
  EXPECT_TRUE(limiter.acquire("frank").allowed);
  EXPECT_FALSE(limiter.acquire("frank").allowed);  // never unlimited
}

}  // namespace
}  // namespace gateway::testing
