#include <gtest/gtest.h>

#include "copilot/execution/result_cache.hpp"
#include "copilot/tests/support.hpp"

namespace copilot::execution {
namespace {

class CountingExecutor final : public SqlExecutor {
 public:
  ExecResult execute(const ExecRequest& request) override {
    ++calls;
    ExecResult out;
    out.result.columns = {{"n", "int8"}};
    out.result.rows = {{static_cast<long>(calls)}};
    (void)request;
    return out;
  }
  int calls = 0;
};

ExecRequest request(Role role, std::vector<int> stores, std::string sql = "SELECT 1") {
  return {std::move(sql), role, std::move(stores), "fp"};
}

TEST(ResultCache, SecondIdenticalQueryIsServedFromCache) {
  CountingExecutor inner;
  testing::FakeClock clock;
  CachingExecutor cache(inner, 8, std::chrono::seconds(60), clock);
  EXPECT_FALSE(cache.execute(request(Role::kAdmin, {1, 2})).cache_hit);
  const auto again = cache.execute(request(Role::kAdmin, {1, 2}));
  EXPECT_TRUE(again.cache_hit);
  EXPECT_EQ(inner.calls, 1);
  EXPECT_EQ(again.result.rows[0][0], 1);
}

TEST(ResultCache, RoleAndScopeAreNeverShared) {
  CountingExecutor inner;
  testing::FakeClock clock;
  CachingExecutor cache(inner, 8, std::chrono::seconds(60), clock);
  cache.execute(request(Role::kAdmin, {1, 2}));
  EXPECT_FALSE(cache.execute(request(Role::kAdmin, {1})).cache_hit);
  EXPECT_FALSE(cache.execute(request(Role::kStoreManager, {1, 2})).cache_hit);
  EXPECT_FALSE(cache.execute(request(Role::kAdmin, {1, 2}, "SELECT 2")).cache_hit);
  EXPECT_EQ(inner.calls, 4);
}

TEST(ResultCache, EntriesExpireAfterTtl) {
  CountingExecutor inner;
  testing::FakeClock clock;
  CachingExecutor cache(inner, 8, std::chrono::seconds(10), clock);
  cache.execute(request(Role::kAdmin, {1}));
  clock.advance(std::chrono::seconds(11));
  EXPECT_FALSE(cache.execute(request(Role::kAdmin, {1})).cache_hit);
  EXPECT_EQ(inner.calls, 2);
}

TEST(ResultCache, LeastRecentlyUsedIsEvicted) {
  CountingExecutor inner;
  testing::FakeClock clock;
  CachingExecutor cache(inner, 2, std::chrono::seconds(60), clock);
  cache.execute(request(Role::kAdmin, {1}, "SELECT 1"));
  cache.execute(request(Role::kAdmin, {1}, "SELECT 2"));
  cache.execute(request(Role::kAdmin, {1}, "SELECT 1"));  // 1 is now the most recent
  cache.execute(request(Role::kAdmin, {1}, "SELECT 3"));  // evicts 2
  EXPECT_EQ(cache.size(), 2U);
  EXPECT_TRUE(cache.execute(request(Role::kAdmin, {1}, "SELECT 1")).cache_hit);
  EXPECT_FALSE(cache.execute(request(Role::kAdmin, {1}, "SELECT 2")).cache_hit);
}

// A byte budget: large results push out the least recent ones, and one larger than the whole
// budget is answered but not kept.
TEST(ResultCache, ResultsWeighAtMostTheByteBudgetTogether) {
  class WideExecutor final : public SqlExecutor {
   public:
    ExecResult execute(const ExecRequest& request) override {
      ExecResult out;
      out.result.columns = {{"text", "text"}};
      const size_t rows = request.sql == "SELECT huge" ? 400 : 40;
      for (size_t i = 0; i < rows; ++i) out.result.rows.push_back({std::string(100, 'x')});
      return out;
    }
  } inner;
  testing::FakeClock clock;
  ExecResult probe = inner.execute(request(Role::kAdmin, {1}, "SELECT 1"));
  const size_t one = CachingExecutor::weigh(probe.result);
  ASSERT_GT(one, 40U * 100U);
  CachingExecutor cache(inner, 100, std::chrono::seconds(60), clock, 2 * one + one / 2);
  cache.execute(request(Role::kAdmin, {1}, "SELECT 1"));
  cache.execute(request(Role::kAdmin, {1}, "SELECT 2"));
  EXPECT_EQ(cache.size(), 2U);
  EXPECT_EQ(cache.bytes(), 2 * one);
  cache.execute(request(Role::kAdmin, {1}, "SELECT 3"));  // a third does not fit: 1 goes
  EXPECT_EQ(cache.size(), 2U);
  EXPECT_LE(cache.bytes(), 2 * one + one / 2);
  EXPECT_FALSE(cache.execute(request(Role::kAdmin, {1}, "SELECT 1")).cache_hit);
  const auto huge = cache.execute(request(Role::kAdmin, {1}, "SELECT huge"));
  EXPECT_EQ(huge.result.rows.size(), 400U);
  EXPECT_FALSE(cache.execute(request(Role::kAdmin, {1}, "SELECT huge")).cache_hit);
}

TEST(ScopeSetting, BuiltFromValidatedIntegersOnly) {
  EXPECT_EQ(scope_setting({1, 2}), "1,2");
  EXPECT_EQ(scope_setting({}), "");
  EXPECT_THROW(scope_setting({1, 0}), std::invalid_argument);
  EXPECT_THROW(scope_setting({-1}), std::invalid_argument);
}

}  // namespace
}  // namespace copilot::execution
