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

TEST(PlanCache, ACachedPlanComesBackWithEveryField) {
  PlanResult plan;
  plan.status = PlanResult::Status::kNeedsClarification;
  plan.intent = "ranking";
  plan.semantic_query = {{"metric", "rentals"}, {"limit", 5}, {"share", false}, {"ratio", 0.25}};
  plan.views_used = {"v_rental_scoped", "film"};
  plan.filters = nlohmann::json::array({{{"field", "category"}, {"op", "="}, {"value", "Horror"}}});
  plan.time_range = {{"label", "July 2022"}, {"from", "2022-07-01"}, {"to", "2022-08-01"}};
  plan.clarification = {{"question", "Top 5 of what?"}, {"options", nlohmann::json::array()}};
  plan.refusal_code = "scope_denied";
  plan.refusal_reason = "store 2 is outside your scope";
  plan.suggestion = "Ask about store 1";
  plan.metric_label = "Rentals";
  plan.metric_format = "number";
  plan.metric_kind = "count";
  plan.also_measures = nlohmann::json::array({{{"name", "revenue"}, {"format", "currency"}}});
  plan.cache_hit = true;
  plan.understood = nlohmann::json::array({{{"text", "july"}, {"as", "period"}}});
  plan.not_understood = {"in cents"};
  plan.partial = true;
  plan.out_of_domain = true;
  plan.money_without_cents = true;

  const auto bytes = CachingPlanning::encode(plan);
  const PlanResult back = CachingPlanning::decode(bytes);
  EXPECT_EQ(back.status, plan.status);
  EXPECT_EQ(back.intent, plan.intent);
  EXPECT_EQ(back.semantic_query, plan.semantic_query);
  EXPECT_TRUE(back.semantic_query["limit"].is_number_integer());
  EXPECT_EQ(back.views_used, plan.views_used);
  EXPECT_EQ(back.filters, plan.filters);
  EXPECT_EQ(back.time_range, plan.time_range);
  EXPECT_EQ(back.clarification, plan.clarification);
  EXPECT_EQ(back.refusal_code, plan.refusal_code);
  EXPECT_EQ(back.refusal_reason, plan.refusal_reason);
  EXPECT_EQ(back.suggestion, plan.suggestion);
  EXPECT_EQ(back.metric_label, plan.metric_label);
  EXPECT_EQ(back.metric_format, plan.metric_format);
  EXPECT_EQ(back.metric_kind, plan.metric_kind);
  EXPECT_EQ(back.also_measures, plan.also_measures);
  EXPECT_EQ(back.cache_hit, plan.cache_hit);
  EXPECT_EQ(back.understood, plan.understood);
  EXPECT_EQ(back.not_understood, plan.not_understood);
  EXPECT_EQ(back.partial, plan.partial);
  EXPECT_EQ(back.out_of_domain, plan.out_of_domain);
  EXPECT_EQ(back.money_without_cents, plan.money_without_cents);
  // Kept small: the point of keeping bytes rather than the JSON trees.
  EXPECT_LT(bytes.size(), 700U);
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
