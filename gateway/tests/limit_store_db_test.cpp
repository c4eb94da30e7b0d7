// Rate limits shared through PostgreSQL (LIMITS_STORE=postgres) against the real database: two
// stores on two pools — two gateways — never take more than a bucket holds; a refusal says how
// long to wait; a refund gives the token back; buckets refill; rows of full buckets are pruned;
// an unreachable store falls back to the instance's own buckets, still limited. PostgreSQL
// missing is a failure (the stores would fall back and the counts would not add up), never a skip.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "common/db/pool.hpp"
#include "common/time/clock.hpp"
#include "gateway/limits/pg_bucket_store.hpp"
#include "gateway/limits/shared_limiter.hpp"
#include "gateway/tests/limit_store_cases.hpp"
#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using namespace std::chrono_literals;
using limits::PgBucketStore;
using limits::SharedLimiter;

long long rows_of(const std::string& prefix) {
  common::db::ConnectionPool pool(app_database_url(), 1);
  auto lease = pool.acquire();
  pqxx::nontransaction tx(*lease);
  return tx
      .exec_params1("SELECT count(*) FROM rate_limit_buckets WHERE bucket LIKE $1", prefix + "%")[0]
      .as<long long>();
}

TEST(PgLimitStore, TwoGatewaysHammeringOneKeyNeverTakeMoreThanTheBucketHolds) {
  const common::SystemClock clock;
  PgBucketStore store_a(app_database_url(), 4);
  PgBucketStore store_b(app_database_url(), 4);
  const std::string name = "test_hammer_" + random_hex(4);
  // 20 per hour: what refills during the test is far below one token.
  SharedLimiter a(store_a, name, clock, 20, 1h);
  SharedLimiter b(store_b, name, clock, 20, 1h);
  const int granted = granted_to_two_gateways(a, b, "alice");
  EXPECT_FALSE(a.falling_back());
  EXPECT_FALSE(b.falling_back());
  EXPECT_EQ(granted, 20);
  EXPECT_EQ(rows_of(name + ":"), 1);
}

TEST(PgLimitStore, ARefusalSaysHowLongToWaitAndKeysAreIndependent) {
  const common::SystemClock clock;
  PgBucketStore store(app_database_url(), 2);
  SharedLimiter limiter(store, "test_wait_" + random_hex(4), clock, 2, 60s);
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  const auto refused = limiter.acquire("bob");
  EXPECT_FALSE(refused.allowed);
  EXPECT_GE(refused.retry_after, 1s);
  EXPECT_LE(refused.retry_after, 30s);
  EXPECT_TRUE(limiter.acquire("carol").allowed);
  EXPECT_FALSE(limiter.falling_back());
}

TEST(PgLimitStore, ARefundGivesTheTokenBackAndTheBucketRefills) {
  const common::SystemClock clock;
  PgBucketStore store(app_database_url(), 2);
  SharedLimiter limiter(store, "test_refill_" + random_hex(4), clock, 2, 2s);
  EXPECT_TRUE(limiter.acquire("dave").allowed);
  EXPECT_TRUE(limiter.acquire("dave").allowed);
  EXPECT_FALSE(limiter.acquire("dave").allowed);
  limiter.refund("dave");
  EXPECT_TRUE(limiter.acquire("dave").allowed);
  EXPECT_FALSE(limiter.acquire("dave").allowed);
  std::this_thread::sleep_for(1100ms);  // one token per second
  EXPECT_TRUE(limiter.acquire("dave").allowed);
}

TEST(PgLimitStore, RowsOfBucketsFullAgainArePruned) {
  const common::SystemClock clock;
  PgBucketStore store(app_database_url(), 2);
  const std::string name = "test_prune_" + random_hex(4);
  SharedLimiter limiter(store, name, clock, 1, 1s);
  EXPECT_TRUE(limiter.acquire("erin").allowed);
  EXPECT_EQ(rows_of(name + ":"), 1);
  std::this_thread::sleep_for(1200ms);
  EXPECT_GE(store.prune(0s), 1);
  EXPECT_EQ(rows_of(name + ":"), 0);
  EXPECT_TRUE(limiter.acquire("erin").allowed);  // a missing row is a full bucket
}

TEST(PgLimitStore, KeysOfAnyBytesGetTheirOwnBucket) {
  const common::SystemClock clock;
  PgBucketStore store(app_database_url(), 2);
  SharedLimiter limiter(store, "test_bytes_" + random_hex(4), clock, 1, 60s);
  const std::string odd("\xff\xfe not utf-8 \0 inside", 21);
  const std::string longer(5000, 'k');
  EXPECT_TRUE(limiter.acquire(odd).allowed);
  EXPECT_FALSE(limiter.acquire(odd).allowed);
  EXPECT_TRUE(limiter.acquire(longer).allowed);
  EXPECT_FALSE(limiter.acquire(longer).allowed);
  EXPECT_NE(limiter.bucket(odd), limiter.bucket(longer));
  EXPECT_FALSE(limiter.falling_back());  // the store accepted every one of them
}

TEST(PgLimitStore, AnUnreachableStoreFallsBackToThisInstancesBucketsStillLimited) {
  const common::SystemClock clock;
  const int port = reserve_loopback_port();  // nothing listens there
  PgBucketStore store("postgresql://copilot_app:x@127.0.0.1:" + std::to_string(port) + "/none", 1);
  SharedLimiter limiter(store, "test_down", clock, 3, 60s);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(limiter.acquire("frank").allowed);
  EXPECT_TRUE(limiter.falling_back());
  EXPECT_TRUE(limiter.acquire("frank").allowed);
  EXPECT_TRUE(limiter.acquire("frank").allowed);
  EXPECT_FALSE(limiter.acquire("frank").allowed);  // never unlimited
  // The store is tried again once per retry interval, not on every attempt.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

}  // namespace
}  // namespace gateway::testing
