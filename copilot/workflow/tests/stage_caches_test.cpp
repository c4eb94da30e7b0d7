#include "copilot/workflow/stage_caches.hpp"

#include <gtest/gtest.h>

#include "copilot/workflow/tests/fakes.hpp"

namespace copilot::workflow {
namespace {

using testing::FakePlanning;
using testing::FakeValidation;

// Counts the calls that reach the real stage behind the cache.
class CountingPlanning final : public PlanningStage {
 public:
  PlanResult plan(const PlanInput& input) override {
    ++calls;
    return inner.plan(input);
  }
  FakePlanning inner;
  int calls = 0;
};

class CountingValidation final : public ValidationStage {
 public:
  ValidationResult validate(std::string_view sql, Role role) override {
    ++calls;
    return inner.validate(sql, role);
  }
  FakeValidation inner;
  int calls = 0;
};

PlanInput question(const std::string& text, Role role = Role::kAdmin,
                   const std::vector<int>& stores = {1, 2}) {
  PlanInput input;
  input.question = text;
  input.role = role;
  input.store_ids = stores;
  input.user_store_ids = stores;
  input.as_of = "2022-08-23T21:50:12Z";
  return input;
}

TEST(PlanCache, ARepeatedQuestionIsPlannedOnceAndMarkedAsAHit) {
  copilot::testing::FakeClock clock;
  CountingPlanning inner;
  CachingPlanning planning(inner, clock);
  const auto first = planning.plan(question("revenue last month"));
  const auto second = planning.plan(question("revenue last month"));
  EXPECT_EQ(inner.calls, 1);
  EXPECT_FALSE(first.cache_hit);
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.semantic_query, first.semantic_query);
}

TEST(PlanCache, RoleScopeAndWordingEachGetTheirOwnPlan) {
  copilot::testing::FakeClock clock;
  CountingPlanning inner;
  CachingPlanning planning(inner, clock);
  planning.plan(question("revenue last month", Role::kAdmin, {1, 2}));
  planning.plan(question("revenue last month", Role::kStoreManager, {1, 2}));
  planning.plan(question("revenue last month", Role::kAdmin, {1}));
  planning.plan(question("Revenue last month", Role::kAdmin, {1, 2}));
  auto narrower = question("revenue last month", Role::kAdmin, {1});
  narrower.user_store_ids = {1, 2};  // the same scope, chosen from more stores
  planning.plan(narrower);
  EXPECT_EQ(inner.calls, 5);
}

TEST(PlanCache, AFollowUpIsAlwaysPlannedAfresh) {
  copilot::testing::FakeClock clock;
  CountingPlanning inner;
  CachingPlanning planning(inner, clock);
  auto follow_up = question("and for store 2?");
  follow_up.previous = {{"metrics", {"revenue"}}};
  EXPECT_FALSE(CachingPlanning::key_of(follow_up).has_value());
  planning.plan(follow_up);
  planning.plan(follow_up);
  auto with_history = question("by month instead");
  with_history.history.push_back(memory::Turn{});
  planning.plan(with_history);
  planning.plan(with_history);
  EXPECT_EQ(inner.calls, 4);
}

TEST(PlanCache, EntriesExpireAndSizeZeroTurnsItOff) {
  copilot::testing::FakeClock clock;
  CountingPlanning inner;
  CachingPlanning planning(inner, clock, {16, std::chrono::seconds(300)});
  planning.plan(question("rentals"));
  clock.advance(std::chrono::seconds(301));
  planning.plan(question("rentals"));
  EXPECT_EQ(inner.calls, 2);

  CountingPlanning uncached_inner;
  CachingPlanning uncached(uncached_inner, clock, {0, std::chrono::seconds(300)});
  uncached.plan(question("rentals"));
  EXPECT_FALSE(uncached.plan(question("rentals")).cache_hit);
  EXPECT_EQ(uncached_inner.calls, 2);
}

TEST(VerdictCache, AVerdictIsKeptPerRoleAndExactSql) {
  copilot::testing::FakeClock clock;
  CountingValidation inner;
  CachingValidation validation(inner, clock);
  const auto first = validation.validate("SELECT 1 FROM v_payment_scoped", Role::kAdmin);
  const auto again = validation.validate("SELECT 1 FROM v_payment_scoped", Role::kAdmin);
  EXPECT_EQ(inner.calls, 1);
  EXPECT_TRUE(again.cache_hit);
  EXPECT_EQ(again.sql, first.sql);
  validation.validate("SELECT 1 FROM v_payment_scoped", Role::kMarketing);
  validation.validate("SELECT 2 FROM v_payment_scoped", Role::kAdmin);
  EXPECT_EQ(inner.calls, 3);
}

TEST(VerdictCache, ARejectionIsKeptToo) {
  copilot::testing::FakeClock clock;
  CountingValidation inner;
  inner.inner.accept = false;
  CachingValidation validation(inner, clock);
  EXPECT_FALSE(validation.validate("SELECT * FROM payment", Role::kAdmin).accepted);
  const auto again = validation.validate("SELECT * FROM payment", Role::kAdmin);
  EXPECT_FALSE(again.accepted);
  EXPECT_EQ(again.reason_code, "relation_not_allowed");
  EXPECT_EQ(inner.calls, 1);
}

}  // namespace
}  // namespace copilot::workflow
