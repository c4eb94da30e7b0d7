// The risk score on its own: parse-tree factors with a fake EXPLAIN at the boundary.
#include <gtest/gtest.h>

#include <stdexcept>

#include "copilot/risk/risk_scoring.hpp"

namespace copilot::risk {
namespace {

class FakeProbe final : public ExplainProbe {
 public:
  explicit FakeProbe(PlanEstimate estimate) : estimate_(estimate) {}
  PlanEstimate explain(const std::string& sql, const std::string& shape, Role,
                       const std::vector<int>&) override {
    ++calls;
    last_sql = sql;
    last_shape = shape;
    if (fail) throw std::runtime_error("relation does not exist");
    return estimate_;
  }
  int calls = 0;
  bool fail = false;
  std::string last_sql;
  std::string last_shape;

 private:
  PlanEstimate estimate_;
};

class FixedThresholds final : public ThresholdSource {
 public:
  explicit FixedThresholds(Thresholds t = {}) : t_(t) {}
  Thresholds for_role(long long, Role) override { return t_; }

 private:
  Thresholds t_;
};

// A typical planner statement: a few thousand rows, cost in the thousands.
constexpr PlanEstimate kTypical{1500, 12, 40, 16000};

const Factor* find(const Assessment& a, const std::string& name) {
  for (const auto& f : a.factors) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

TEST(RiskScoring, TypicalPlannerStatementIsLow) {
  FakeProbe probe(kTypical);
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const auto a = scorer.assess(
      "SELECT c.name, sum(p.amount) FROM v_payment_scoped p JOIN film_category fc ON "
      "fc.film_id = p.film_id JOIN category c ON c.category_id = fc.category_id GROUP BY 1 "
      "LIMIT 200",
      Role::kStoreManager, {1}, "embedded_planner", 1);
  EXPECT_EQ(a.level, Level::kLow);
  EXPECT_LT(a.score, 30);
  EXPECT_EQ(probe.calls, 1);
  EXPECT_NE(find(a, "estimated_cost"), nullptr);
  EXPECT_NE(find(a, "role"), nullptr);
  EXPECT_EQ(a.to_json()["level"], "low");
}

TEST(RiskScoring, HundredBillionRowSeriesNeedsApproval) {
  // PostgreSQL's own estimate for SELECT count(*) FROM generate_series(1, 100000000000).
  FakeProbe probe({1.25e9, 1, 8, 1e11});
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const auto a = scorer.assess("SELECT count(*) FROM generate_series(1, 100000000000) LIMIT 200",
                               Role::kStoreManager, {1}, "model:m", 1);
  EXPECT_GE(a.level, Level::kHigh) << a.to_json().dump();
  const Factor* srf = find(a, "set_returning_function");
  ASSERT_NE(srf, nullptr);
  EXPECT_NE(srf->detail.find("100.0 billion"), std::string::npos);
  EXPECT_FALSE(a.note.empty());
}

TEST(RiskScoring, CrossJoinWithBillionRowSeriesIsBlockedOrHeld) {
  FakeProbe probe({7.4e10, 1, 8, 3.3e12});
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const auto a = scorer.assess(
      "SELECT count(*) FROM v_payment_scoped p CROSS JOIN generate_series(1, 1000000000) g "
      "LIMIT 200",
      Role::kAdmin, {1, 2}, "embedded_planner", 1);
  EXPECT_GE(a.level, Level::kHigh) << a.to_json().dump();
  const Factor* cartesian = find(a, "cartesian_join");
  ASSERT_NE(cartesian, nullptr);
  EXPECT_GT(cartesian->weight, 0);
}

TEST(RiskScoring, HugeLpadIsBlockedWithoutExplainingIt) {
  FakeProbe probe(kTypical);
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const auto a = scorer.assess("SELECT lpad('x', 2147483647, 'y') LIMIT 200", Role::kFinance, {1},
                               "embedded_planner", 1);
  EXPECT_EQ(a.level, Level::kBlock);
  // EXPLAIN would fold the constant and build the string while planning.
  EXPECT_EQ(probe.calls, 0);
  EXPECT_NE(a.explain_error.find("while planning"), std::string::npos);
}

TEST(RiskScoring, MegabyteRepeatIsHigh) {
  FakeProbe probe(kTypical);
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const auto a =
      scorer.assess("SELECT repeat('ab', 5000000) LIMIT 200", Role::kAdmin, {1}, "model:m", 1);
  EXPECT_EQ(a.level, Level::kHigh) << a.to_json().dump();
  EXPECT_EQ(probe.calls, 0);
}

TEST(RiskScoring, SmallPaddingIsFine) {
  FakeProbe probe(kTypical);
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const auto a = scorer.assess("SELECT lpad(title, 30, ' ') FROM film LIMIT 200", Role::kAdmin, {1},
                               "embedded_planner", 1);
  EXPECT_EQ(a.level, Level::kLow);
  EXPECT_EQ(probe.calls, 1);
}

TEST(RiskScoring, CommaJoinWithoutWhereIsCartesian) {
  const auto facts = analyse("SELECT count(*) FROM film, actor");
  EXPECT_EQ(facts.cartesian_joins, 1);
  EXPECT_EQ(analyse("SELECT count(*) FROM film f, film_actor fa WHERE f.film_id = fa.film_id")
                .cartesian_joins,
            0);
  EXPECT_EQ(analyse("SELECT 1 FROM film f JOIN actor a ON true").cartesian_joins, 1);
  EXPECT_EQ(analyse("SELECT 1 FROM film f JOIN film_actor fa USING (film_id)").cartesian_joins, 0);
}

TEST(RiskScoring, PiiAdjacentColumnsWeighMore) {
  FakeProbe probe(kTypical);
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const auto plain = scorer.assess("SELECT count(*) FROM v_customer_masked LIMIT 200",
                                   Role::kMarketing, {1}, "embedded_planner", 1);
  const auto names = scorer.assess(
      "SELECT first_name_masked, last_name_masked, email_masked FROM v_customer_masked LIMIT 200",
      Role::kMarketing, {1}, "embedded_planner", 1);
  EXPECT_GT(names.score, plain.score);
  ASSERT_NE(find(names, "pii_adjacent_columns"), nullptr);
  EXPECT_EQ(find(names, "pii_adjacent_columns")->weight, 15);
}

TEST(RiskScoring, ModelWrittenSqlWeighsMoreThanThePlanners) {
  FakeProbe probe(kTypical);
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const std::string sql = "SELECT count(*) FROM film LIMIT 200";
  EXPECT_GT(scorer.assess(sql, Role::kAdmin, {1}, "model:x", 1).score,
            scorer.assess(sql, Role::kAdmin, {1}, "embedded_planner", 1).score);
  EXPECT_EQ(author_of("reviewer"), Author::kReviewer);
}

TEST(RiskScoring, UnavailableEstimateIsMediumNotSilent) {
  FakeProbe probe(kTypical);
  probe.fail = true;
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const auto a = scorer.assess("SELECT count(*) FROM film LIMIT 200", Role::kAdmin, {1},
                               "embedded_planner", 1);
  EXPECT_EQ(a.level, Level::kMedium);
  EXPECT_NE(find(a, "estimate_unavailable"), nullptr);
  EXPECT_NE(a.note.find("it ran"), std::string::npos);
}

TEST(RiskScoring, LevelsFollowTheRolesThresholds) {
  const Thresholds t{10, 20, 30};
  EXPECT_EQ(level_of(9, t), Level::kLow);
  EXPECT_EQ(level_of(10, t), Level::kMedium);
  EXPECT_EQ(level_of(20, t), Level::kHigh);
  EXPECT_EQ(level_of(30, t), Level::kBlock);
  // The approval drill: everything held.
  EXPECT_EQ(level_of(0, Thresholds{0, 0, 101}), Level::kHigh);
}

TEST(RiskScoring, UnparsableInputScoresWithoutCrashing) {
  FakeProbe probe(kTypical);
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  const auto a = scorer.assess("SELEC nonsense ((", Role::kAdmin, {1}, "embedded_planner", 1);
  EXPECT_GE(a.score, 0);
  EXPECT_FALSE(analyse("SELEC (").parsed);
}

// Which statements may share an estimate: the planner's own shapes by fingerprint; a model's or a
// reviewer's, and any whose cost lies in its constants, by exact text.
TEST(RiskScoring, OnlyThePlannersOwnShapesShareAnEstimate) {
  const std::string july =
      "SELECT count(*) FROM v_rental_scoped r WHERE r.rental_date >= '2022-07-01' LIMIT 3";
  const std::string august =
      "SELECT count(*)  FROM v_rental_scoped r WHERE r.rental_date >= '2022-08-01' LIMIT 50";
  const auto shape = [](const std::string& sql, Author author) {
    return shape_of(sql, analyse(sql), author);
  };
  EXPECT_EQ(shape(july, Author::kPlanner), shape(august, Author::kPlanner));
  EXPECT_EQ(shape(july, Author::kPlanner).rfind("fp:", 0), 0U);
  EXPECT_NE(shape(july, Author::kModel), shape(august, Author::kModel));
  EXPECT_NE(shape(july, Author::kReviewer), shape(august, Author::kReviewer));
  EXPECT_NE(shape("SELECT count(*) FROM generate_series(1, 10)", Author::kPlanner),
            shape("SELECT count(*) FROM generate_series(1, 100000000000)", Author::kPlanner));
  EXPECT_NE(shape("SELECT lpad('x', 10, 'y')", Author::kPlanner),
            shape("SELECT lpad('x', 100000, 'y')", Author::kPlanner));
  EXPECT_NE(
      shape("SELECT count(*) FROM film a CROSS JOIN film b WHERE a.length > 10", Author::kPlanner),
      shape("SELECT count(*) FROM film a CROSS JOIN film b WHERE a.length > 180",
            Author::kPlanner));
  // The scorer hands the probe that shape.
  FakeProbe probe(kTypical);
  FixedThresholds thresholds;
  RiskScorer scorer(probe, thresholds);
  (void)scorer.assess(august, Role::kStoreManager, {1}, "embedded_planner", 1);
  EXPECT_EQ(probe.last_shape, shape(july, Author::kPlanner));
}

}  // namespace
}  // namespace copilot::risk
