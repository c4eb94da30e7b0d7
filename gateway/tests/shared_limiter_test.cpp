// SharedLimiter with a fake store at the boundary: what the store answers is the answer; a store
// that cannot be reached sends the limiter to the instance's own buckets (still limited), tried
// again once per interval; a store that refuses one key does not.
#include <gtest/gtest.h>

#include <stdexcept>

#include "common/time/manual_clock.hpp"
#include "gateway/limits/shared_limiter.hpp"

namespace gateway::limits {
namespace {

using namespace std::chrono_literals;

using FakeClock = common::ManualClock;

class FakeStore final : public BucketStore {
 public:
  enum class Mode { kGrant, kRefuse, kDown, kBadKey };
  Take take(std::string_view bucket, BucketShape /*shape*/) override {
    ++calls;
    last_bucket = std::string(bucket);
    switch (mode) {
      case Mode::kGrant:
        return {true, 5};
      case Mode::kRefuse:
        return {false, 0.5};
      case Mode::kDown:
        throw StoreUnavailable("connection refused");
      case Mode::kBadKey:
        throw std::runtime_error("invalid byte sequence");
    }
    return {};
  }
  void give_back(std::string_view /*bucket*/, BucketShape /*shape*/) override { ++given_back; }
  [[nodiscard]] std::string_view kind() const override { return "fake"; }

  Mode mode = Mode::kGrant;
  int calls = 0;
  int given_back = 0;
  std::string last_bucket;
};

TEST(SharedLimiter, TheStoresAnswerIsTheAnswerWithRetryAfterFromItsTokens) {
  FakeClock clock;
  FakeStore store;
  SharedLimiter limiter(store, "ask_user", clock, 60, 60s);  // one token a second
  EXPECT_TRUE(limiter.acquire("42").allowed);
  EXPECT_EQ(store.last_bucket, "ask_user:42");
  store.mode = FakeStore::Mode::kRefuse;
  const auto refused = limiter.acquire("42");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 1s);
  limiter.refund("42");
  EXPECT_EQ(store.given_back, 1);
}

TEST(SharedLimiter, AStoreDownFallsBackToLocalBucketsNeverUnlimited) {
  FakeClock clock;
  FakeStore store;
  store.mode = FakeStore::Mode::kDown;
  SharedLimiter limiter(store, "login_user", clock, 2, 60s, 2s);
  EXPECT_TRUE(limiter.acquire("alice").allowed);
  EXPECT_TRUE(limiter.falling_back());
  EXPECT_TRUE(limiter.acquire("alice").allowed);
  EXPECT_FALSE(limiter.acquire("alice").allowed);
  EXPECT_EQ(store.calls, 1);  // not asked again before the interval
  clock.advance(2100ms);
  store.mode = FakeStore::Mode::kGrant;
  EXPECT_TRUE(limiter.acquire("alice").allowed);
  EXPECT_FALSE(limiter.falling_back());
  EXPECT_EQ(store.calls, 2);
}

TEST(SharedLimiter, AKeyTheStoreRefusesDoesNotTakeTheOthersOffTheStore) {
  FakeClock clock;
  FakeStore store;
  store.mode = FakeStore::Mode::kBadKey;
  SharedLimiter limiter(store, "login_user", clock, 1, 60s);
  EXPECT_TRUE(limiter.acquire("odd").allowed);  // from the local bucket
  EXPECT_FALSE(limiter.acquire("odd").allowed);
  EXPECT_FALSE(limiter.falling_back());
  store.mode = FakeStore::Mode::kGrant;
  EXPECT_TRUE(limiter.acquire("bob").allowed);
  EXPECT_EQ(store.calls, 3);
}

TEST(SharedLimiter, BucketNamesAreStableAndSafeForAnyKey) {
  FakeClock clock;
  FakeStore store;
  SharedLimiter limiter(store, "login_ip", clock, 1, 60s);
  EXPECT_EQ(limiter.bucket("10.0.0.7"), "login_ip:10.0.0.7");
  const std::string odd("a b\xff", 4);
  EXPECT_EQ(limiter.bucket(odd).rfind("login_ip:#", 0), 0U);
  EXPECT_EQ(limiter.bucket(odd), limiter.bucket(odd));
  EXPECT_EQ(limiter.bucket(odd).size(), std::string("login_ip:#").size() + 16);
  EXPECT_NE(limiter.bucket(std::string(300, 'x')), limiter.bucket(std::string(301, 'x')));
}

}  // namespace
}  // namespace gateway::limits
