// Planner, compiler, narration and widgets on the real semantic model (no database).
#include <gtest/gtest.h>

#include <tuple>

#include "common/error/error.hpp"
#include "copilot/core/ranking_ties.hpp"
#include "copilot/generation/sql_compiler.hpp"
#include "copilot/narration/narration.hpp"
#include "copilot/planning/planner.hpp"
#include "copilot/planning/time_phrases.hpp"
#include "copilot/widgets/widgets.hpp"

namespace copilot::planning {
namespace {

const semantic::Model& model() {
  static const semantic::Model m = semantic::load_model("copilot/semantic/semantic_model.json");
  return m;
}

Plan ask(const std::string& question, Role role = Role::kAdmin,
         const std::vector<int>& stores = {1, 2}, nlohmann::json previous = nullptr) {
  Planner planner(model());
  return planner.plan(
      {question, role, stores, stores, std::move(previous), "2022-08-23 21:50:12+00", {}, {}});
}

std::string sql_of(const Plan& plan, Role role = Role::kAdmin) {
  return generation::compile(plan.semantic_query, model(), role).sql;
}

TEST(Planner, TotalRevenueIsAKpiOverThePaymentView) {
  auto plan = ask("What's our total revenue?");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.intent, "kpi");
  EXPECT_EQ(plan.semantic_query["metric"], "revenue");
  EXPECT_EQ(sql_of(plan), "SELECT sum(p.amount) AS revenue\nFROM v_payment_scoped p");
}

TEST(Planner, RevenueByMonthIsATrendOrderedByMonth) {
  auto plan = ask("Revenue by month");
  EXPECT_EQ(plan.intent, "trend");
  const auto sql = sql_of(plan);
  EXPECT_NE(sql.find("date_trunc('month', p.payment_date)::date AS month"), std::string::npos);
  EXPECT_NE(sql.find("ORDER BY month"), std::string::npos);
}

TEST(Planner, TopFilmsByRentalsIsARankingWithTieBreakAndLimit) {
  auto plan = ask("Top 5 films by rentals");
  EXPECT_EQ(plan.intent, "ranking");
  const auto sql = sql_of(plan);
  EXPECT_NE(sql.find("ORDER BY rentals DESC, title"), std::string::npos);
  EXPECT_NE(sql.find("LIMIT 5"), std::string::npos);
  EXPECT_NE(sql.find("GROUP BY f.film_id, f.title"), std::string::npos);
}

TEST(Planner, WhichCategoryMostMeansTheSingleTopOne) {
  auto plan = ask("Which film category gets rented the most?");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["limit"], 1);
  EXPECT_EQ(plan.semantic_query["dimensions"][0], "category");
}

TEST(Planner, LastMonthIsTheCalendarMonthBeforeTheAsOfMonth) {
  auto plan = ask("What was revenue last month?");
  EXPECT_EQ(plan.time_range["from"], "2022-07-01");
  EXPECT_EQ(plan.time_range["to"], "2022-08-01");
  EXPECT_TRUE(plan.time_range["relative"].get<bool>());
}

// Calendar days: a date is never dropped, and a range of days is not widened to months.
TEST(Planner, CalendarDaysAreRangesOfDays) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"What were sales on 2022-07-15?", "2022-07-15", "2022-07-16"},
      {"rentals on July 4th", "2022-07-04", "2022-07-05"},
      {"how many rentals on the 15th of June 2022?", "2022-06-15", "2022-06-16"},
      {"revenue between June 1 and June 15 2022", "2022-06-01", "2022-06-16"},
      {"rentals from 1 June to 15 June by store", "2022-06-01", "2022-06-16"},
      {"revenue since July 1", "2022-07-01", "2022-08-24"},
      {"revenue since June", "2022-06-01", "2022-08-24"},
  };
  for (const auto& [question, from, to] : cases) {
    auto plan = ask(question);
    ASSERT_EQ(plan.status, Plan::Status::kOk) << question;
    EXPECT_EQ(plan.time_range["from"], from) << question;
    EXPECT_EQ(plan.time_range["to"], to) << question;
  }
}

TEST(Planner, ANumberNextToAMonthIsADayOnlyWhenNothingElseIsMeant) {
  auto plan = ask("top 5 july rentals");
  EXPECT_EQ(plan.time_range["from"], "2022-07-01");
  EXPECT_EQ(plan.time_range["to"], "2022-08-01");
  // No such day: the month is what is left of the phrase.
  EXPECT_EQ(ask("rentals on February 30th").time_range["from"], "2022-02-01");
}

TEST(Narration, DaysReadAsDays) {
  ResultSet rs{{{"revenue", "numeric"}}, {{367.10}}, false};
  const auto on =
      narration::narrate(ask("What were sales on 2022-07-15?"), rs, "2022-08-23").answer;
  EXPECT_NE(on.find("on July 15, 2022"), std::string::npos) << on;
  const auto since = narration::narrate(ask("revenue since July 1"), rs, "2022-08-23").answer;
  EXPECT_NE(since.find("since July 1, 2022"), std::string::npos) << since;
  EXPECT_EQ(since.find(" in since"), std::string::npos) << since;
}

TEST(Planner, AClarificationKeepsThePeriodAskedAbout) {
  auto plan = ask("How did my store do last month?", Role::kStoreManager, {1});
  ASSERT_EQ(plan.status, Plan::Status::kNeedsClarification);
  ASSERT_FALSE(plan.clarification["options"].empty());
  EXPECT_EQ(plan.clarification["options"][0]["question"], "Revenue in July 2022");
  auto answer = ask(plan.clarification["options"][0]["question"].get<std::string>(),
                    Role::kStoreManager, {1});
  ASSERT_EQ(answer.status, Plan::Status::kOk);
  EXPECT_EQ(answer.time_range["from"], "2022-07-01");
}

TEST(Planner, LastThirtyDaysEndOnTheAsOfDate) {
  auto plan = ask("How many rentals in the last 30 days?");
  EXPECT_EQ(plan.time_range["from"], "2022-07-25");
  EXPECT_EQ(plan.time_range["to"], "2022-08-24");
}

TEST(Planner, QuarterAndYearPhrases) {
  EXPECT_EQ(ask("revenue in Q1 2022").time_range["to"], "2022-04-01");
  auto ytd = ask("rentals this year");
  EXPECT_EQ(ytd.time_range["from"], "2022-01-01");
  EXPECT_EQ(ytd.time_range["to"], "2022-08-24");
}

TEST(Planner, CategoryAndRatingFiltersComeFromTheModelsEntities) {
  auto plan = ask("Revenue from PG-13 films in the Action category");
  const auto sql = sql_of(plan);
  EXPECT_NE(sql.find("f.rating::text = 'PG-13'"), std::string::npos);
  EXPECT_NE(sql.find("cat.name = 'Action'"), std::string::npos);
  EXPECT_EQ(plan.intent, "kpi");
}

TEST(Planner, CustomersInCanadaFilterTheCustomerView) {
  auto plan = ask("How many customers in Canada?");
  EXPECT_NE(sql_of(plan).find("c.country = 'Canada'"), std::string::npos);
}

TEST(Planner, StoreVersusStoreGroupsByStore) {
  auto plan = ask("Compare rentals between store 1 and store 2 for July 2022");
  EXPECT_EQ(plan.intent, "comparison");
  EXPECT_NE(sql_of(plan).find("r.store_id IN (1, 2)"), std::string::npos);
}

TEST(Planner, GrowthComparesWithThePreviousPeriod) {
  auto plan = ask("How much did revenue grow in July 2022?");
  EXPECT_EQ(plan.intent, "comparison");
  EXPECT_EQ(plan.semantic_query["growth"]["previous"]["label"], "June 2022");
  EXPECT_NE(sql_of(plan).find("AS growth_pct"), std::string::npos);
}

TEST(Planner, ShareOfOneSliceDividesByTheUnjoinedTotal) {
  auto plan = ask("What percentage of rentals are Sports films?");
  EXPECT_EQ(plan.intent, "distribution");
  const auto sql = sql_of(plan);
  EXPECT_NE(sql.find("WHERE category = 'Sports'"), std::string::npos);
  EXPECT_NE(sql.find("(SELECT count(*) FROM v_rental_scoped r)"), std::string::npos);
}

TEST(Planner, FollowUpReplacesTheDimension) {
  auto first = ask("Revenue by store");
  auto next = ask("by month instead", Role::kAdmin, {1, 2}, first.semantic_query);
  ASSERT_EQ(next.status, Plan::Status::kOk);
  EXPECT_EQ(next.semantic_query["metric"], "revenue");
  EXPECT_EQ(next.semantic_query["dimensions"], nlohmann::json::array({"month"}));
}

TEST(Planner, FollowUpNarrowsToAStore) {
  auto first = ask("Revenue by month");
  auto next = ask("and for store 2?", Role::kAdmin, {1, 2}, first.semantic_query);
  EXPECT_NE(sql_of(next).find("p.store_id = 2"), std::string::npos);
}

TEST(Planner, NoMetricAsksForClarificationWithOptions) {
  auto plan = ask("How are we doing?");
  ASSERT_EQ(plan.status, Plan::Status::kNeedsClarification);
  EXPECT_FALSE(plan.clarification["options"].empty());
}

TEST(Planner, UnknownCategorySuggestsTheClosestOne) {
  auto plan = ask("rentals in category Acton");
  ASSERT_EQ(plan.status, Plan::Status::kNeedsClarification);
  EXPECT_NE(plan.clarification["question"].get<std::string>().find("did you mean Action"),
            std::string::npos);
}

TEST(Planner, MarketingIsRefusedRevenueWithASuggestion) {
  auto plan = ask("total revenue", Role::kMarketing);
  ASSERT_EQ(plan.status, Plan::Status::kRefused);
  EXPECT_EQ(plan.refusal_code, "policy_denied");
  EXPECT_FALSE(plan.suggestion.empty());
}

TEST(Planner, FinanceIsRefusedRentalsAndCustomerGeography) {
  EXPECT_EQ(ask("rentals by month", Role::kFinance, {1}).status, Plan::Status::kRefused);
  EXPECT_EQ(ask("revenue by customer country", Role::kFinance, {1}).status, Plan::Status::kRefused);
}

TEST(Planner, StoreOutsideScopeIsRefused) {
  auto plan = ask("revenue for store 2", Role::kStoreManager, {1});
  ASSERT_EQ(plan.status, Plan::Status::kRefused);
  EXPECT_EQ(plan.refusal_code, "scope_denied");
}

TEST(Planner, TheRankedNounIsTheHeadNotAFarAwayOne) {
  auto plan = ask("top 5 actors by number of rentals of their films");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["dimensions"], nlohmann::json::array({"actor"}));
}

TEST(Planner, ACompoundNounGroupsByItsLastNoun) {
  auto plan = ask("top 5 customer cities by number of rentals");
  EXPECT_EQ(plan.semantic_query["dimensions"], nlohmann::json::array({"city"}));
}

TEST(Planner, APossessiveGroupsByTheOwner) {
  auto plan = ask("which actor's films were rented most in the Comedy category?");
  EXPECT_EQ(plan.semantic_query["dimensions"], nlohmann::json::array({"actor"}));
  EXPECT_EQ(plan.semantic_query["limit"], 1);
}

TEST(Planner, TopNInEachGroupRanksInsideTheGroup) {
  auto plan = ask("most rented film in each store");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["limit_per"], "store");
  EXPECT_EQ(plan.semantic_query["limit"], 1);
  const auto sql = sql_of(plan);
  EXPECT_NE(sql.find("row_number() OVER (PARTITION BY r.store_id ORDER BY count(*) DESC, f.title)"),
            std::string::npos)
      << sql;
  EXPECT_NE(sql.find("WHERE rank <= 1"), std::string::npos) << sql;
  auto three = ask("top 3 films per category by rentals");
  EXPECT_EQ(three.semantic_query["limit_per"], "category");
  EXPECT_EQ(three.semantic_query["limit"], 3);
}

TEST(Planner, ARateIsNotTurnedIntoAShareOfTotal) {
  auto plan = ask("what percentage of rentals were returned late at each store?");
  EXPECT_EQ(plan.semantic_query["metric"], "late_rate");
  EXPECT_EQ(plan.semantic_query["share"], false);
  EXPECT_EQ(plan.semantic_query["dimensions"], nlohmann::json::array({"store"}));
}

TEST(Planner, ALongerGroupingPhraseLeavesTheBroaderMetric) {
  auto plan = ask("active vs inactive customers", Role::kMarketing);
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "customers");
  EXPECT_EQ(plan.semantic_query["dimensions"], nlohmann::json::array({"customer_status"}));
}

TEST(Planner, DistinctCitiesAndUnstockedFilms) {
  EXPECT_EQ(ask("in how many different cities do our customers live?", Role::kMarketing)
                .semantic_query["metric"],
            "customer_cities");
  auto plan =
      ask("How many films in the catalogue aren't stocked at store 1?", Role::kStoreManager, {1});
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "films_not_stocked");
  const auto sql = sql_of(plan, Role::kStoreManager);
  EXPECT_NE(sql.find("i.store_id IN (1)"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("{store_ids}"), std::string::npos) << sql;
}

TEST(Planner, TheChangeBetweenTheTwoComparesTheLastTwoPeriodsAsked) {
  const auto june = ask("How many rentals in June 2022?").semantic_query;
  const auto july = ask("and in July 2022?", Role::kAdmin, {1, 2}, june).semantic_query;
  ASSERT_TRUE(july["time"].is_object());
  Planner planner(model());
  PlanRequest request{"what's the percentage change between the two?",
                      Role::kAdmin,
                      {1, 2},
                      {1, 2},
                      july,
                      "2022-08-23 21:50:12+00",
                      {},
                      {},
                      true};
  request.earlier = {june, july};
  const auto plan = planner.plan(request);
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "rentals");
  EXPECT_EQ(plan.semantic_query["growth"]["previous"]["from"], "2022-06-01");
  EXPECT_EQ(plan.semantic_query["growth"]["current"]["from"], "2022-07-01");
  EXPECT_EQ(plan.intent, "comparison");
}

TEST(Planner, HalvesOfTheYear) {
  auto plan = ask("how much did we take in over the first half of 2022?");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "revenue");
  EXPECT_EQ(plan.semantic_query["time"]["from"], "2022-01-01");
  EXPECT_EQ(plan.semantic_query["time"]["to"], "2022-07-01");
  auto h2 = ask("rentals in H2 2021");
  EXPECT_EQ(h2.semantic_query["time"]["from"], "2021-07-01");
  EXPECT_EQ(h2.semantic_query["time"]["to"], "2022-01-01");
}

TEST(Planner, AShareOfAConditionedCountDividesByTheWhole) {
  auto plan = ask("what share of our customers are inactive?", Role::kMarketing);
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "inactive_customers");
  EXPECT_EQ(plan.metric_format, "percent");
  const auto sql = sql_of(plan, Role::kMarketing);
  EXPECT_NE(sql.find("round(100.0 * count(*) FILTER (WHERE (c.active = 0)) / nullif(count(*), 0)"),
            std::string::npos)
      << sql;
  EXPECT_EQ(sql.find("WHERE c.active = 0"), std::string::npos) << sql;
}

TEST(Compiler, InventoryIsScopedByHandAndFailsClosed) {
  auto plan = ask("How many DVDs do we have in inventory at each store?", Role::kStoreManager, {1});
  EXPECT_NE(sql_of(plan, Role::kStoreManager).find("i.store_id IN (1)"), std::string::npos);
  auto sq = plan.semantic_query;
  sq["store_ids"] = nlohmann::json::array();
  EXPECT_NE(generation::compile(sq, model(), Role::kStoreManager).sql.find("WHERE FALSE"),
            std::string::npos);
}

TEST(Compiler, RefusesAViewTheRoleMayNotRead) {
  nlohmann::json sq = {{"metric", "revenue"}, {"dimensions", nlohmann::json::array()}};
  EXPECT_THROW(generation::compile(sq, model(), Role::kMarketing), common::Error);
}

TEST(Compiler, QuotesEntityValues) {
  EXPECT_EQ(generation::quote_literal("O'Brien"), "'O''Brien'");
}

TEST(Model, UnknownColumnIsAStartupError) {
  auto doc = model().raw;
  doc["metrics"][0]["arg"] = "p.amount_typo";
  EXPECT_THROW(semantic::parse_model(doc), semantic::ModelError);
}

TEST(Model, AMetricReadsOnlyScopedViews) {
  auto doc = model().raw;
  doc["metrics"][0]["reads"] = {"inventory"};  // scoped by hand: not a view a role is granted
  EXPECT_THROW(semantic::parse_model(doc), semantic::ModelError);
  doc["metrics"][0]["reads"] = {"v_nonexistent"};
  EXPECT_THROW(semantic::parse_model(doc), semantic::ModelError);
}

// ---- the film catalogue and staff ------------------------------------------------------------

TEST(Planner, FilmsPerActorCountsFilmsAndGroupsByActorOnly) {
  auto plan = ask("Which actors appear in the most films?");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "films");
  EXPECT_EQ(plan.semantic_query["dimensions"], nlohmann::json::array({"actor"}));
  EXPECT_EQ(plan.semantic_query["order"], "metric_desc");
}

TEST(Planner, LongestFilmIsTheTopFilmByLength) {
  auto plan = ask("What is the longest film?");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "avg_film_length");
  EXPECT_EQ(plan.semantic_query["limit"], 1);
  const auto sql = sql_of(plan);
  EXPECT_NE(sql.find("ORDER BY avg_film_length DESC, title"), std::string::npos) << sql;
}

TEST(Planner, CheapestRanksAscending) {
  auto plan = ask("What are the 5 cheapest films to rent?", Role::kMarketing);
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "avg_rental_rate");
  EXPECT_EQ(plan.semantic_query["order"], "metric_asc");
  EXPECT_EQ(plan.semantic_query["limit"], 5);
}

TEST(Planner, NeverRentedReadsTheRentalViewSoFinanceIsRefused) {
  auto plan = ask("How many films have never been rented?", Role::kStoreManager, {1});
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "films_never_rented");
  EXPECT_NE(sql_of(plan, Role::kStoreManager).find("FROM v_rental_scoped rr"), std::string::npos);
  EXPECT_EQ(ask("How many films have never been rented?", Role::kFinance, {1}).status,
            Plan::Status::kRefused);
}

TEST(Planner, StaffIsADimensionOfPaymentsAndRentals) {
  auto plan = ask("Which staff member processed the most payments?");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "payments");
  EXPECT_EQ(plan.semantic_query["dimensions"], nlohmann::json::array({"staff"}));
  EXPECT_NE(sql_of(plan).find("GROUP BY p.staff_id"), std::string::npos);
}

TEST(Planner, FilmsRentedIsStillARentalCount) {
  auto plan = ask("How many films were rented last month?");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "rentals");
}

TEST(Narration, KpiStatesTheNumberFromTheRowAndTheAsOfDate) {
  auto plan = ask("What was revenue last month?");
  ResultSet rs{{{"revenue", "numeric"}}, {{28368.91}}, false};
  auto text = narration::narrate(plan, rs, "2022-08-23 21:50:12+00").answer;
  EXPECT_NE(text.find("$28,368.91"), std::string::npos) << text;
  EXPECT_NE(text.find("July 2022"), std::string::npos) << text;
  EXPECT_NE(text.find("data as of August 23, 2022"), std::string::npos) << text;
}

TEST(Narration, AShareAskedForIsStatedAsAShare) {
  auto plan =
      ask("What share of my revenue comes from the Sports category?", Role::kStoreManager, {1});
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  ResultSet rs{{{"category", "text"}, {"revenue", "numeric"}, {"share_pct", "numeric"}},
               {{"Sports", 4847.60, 14.39}},
               false};
  const auto text = narration::narrate(plan, rs, "2022-08-23 21:50:12+00").answer;
  EXPECT_NE(text.find("Sports is 14.39% of revenue"), std::string::npos) << text;
  EXPECT_NE(text.find("$4,847.60"), std::string::npos) << text;
}

TEST(Narration, WhatElseTheThingsCountedDidFollowsTheirPeriod) {
  auto plan = ask("how many customers rented in May but not at all in June?");
  ASSERT_EQ(plan.status, Plan::Status::kOk) << plan.clarification.dump();
  ResultSet rs{{{"renting_customers", "int8"}}, {{8}}, false};
  auto text = narration::narrate(plan, rs, "2022-08-23 21:50:12+00").answer;
  EXPECT_NE(text.find("May 2022 but not in June"), std::string::npos) << text;
}

TEST(Narration, ATieAtTheCutOffIsSaidNotHidden) {
  // "What's the cheapest film to rent?": one row, but 341 films share $0.99.
  auto plan = ask("what's the cheapest film to rent?");
  ASSERT_EQ(plan.status, Plan::Status::kOk) << plan.clarification.dump();
  const auto sql = sql_of(plan);
  EXPECT_NE(sql.find("count(*) OVER (PARTITION BY"), std::string::npos) << sql;
  EXPECT_NE(sql.find("AS tied_count"), std::string::npos) << sql;
  const std::string metric = plan.semantic_query["metric"];
  ResultSet one{{{"title", "text"}, {metric, "numeric"}, {"tied_count", "int8"}},
                {{"ACADEMY DINOSAUR", 0.99, 341}},
                false};
  auto text = narration::narrate(plan, one, "2022-08-23").answer;
  EXPECT_NE(text.find("341 films share the lowest"), std::string::npos) << text;
  EXPECT_NE(text.find("the first by name is ACADEMY DINOSAUR"), std::string::npos) << text;
  EXPECT_EQ(ties_beyond_cut(one, metric), 340);

  // A top 3 whose third figure is shared by two more groups beyond the cut.
  auto top = ask("top 3 films by revenue");
  ASSERT_EQ(top.status, Plan::Status::kOk);
  const std::string revenue = top.semantic_query["metric"];
  ResultSet three{{{"title", "text"}, {revenue, "numeric"}, {"tied_count", "int8"}},
                  {{"A", 9.0, 1}, {"B", 8.0, 1}, {"C", 7.0, 3}},
                  false};
  text = narration::narrate(top, three, "2022-08-23").answer;
  EXPECT_NE(text.find("2 more films share the last figure ($7.00)"), std::string::npos) << text;

  // No tie hidden: the column goes, the narrative is as before.
  ResultSet clear{{{"title", "text"}, {revenue, "numeric"}, {"tied_count", "int8"}},
                  {{"A", 9.0, 1}, {"B", 7.0, 2}, {"C", 7.0, 2}},
                  false};
  EXPECT_EQ(ties_beyond_cut(clear, revenue), 0);
  drop_tie_column_unless_cut(clear, revenue);
  ASSERT_EQ(clear.columns.size(), 2U);
  EXPECT_EQ(clear.rows[2].size(), 2U);
  text = narration::narrate(top, clear, "2022-08-23").answer;
  EXPECT_EQ(text.find("share the"), std::string::npos) << text;
  drop_tie_column_unless_cut(three, revenue);
  EXPECT_EQ(three.columns.size(), 3U);
}

TEST(Narration, GroupsRankedByTheirChangeAreNamed) {
  // "the biggest jump" was not understood and "rose the most" listed every category by name.
  for (const auto* q : {"which genre had the biggest jump in rentals from june to july?",
                        "which category's rentals rose the most between june and july?"}) {
    const auto plan = ask(q);
    ASSERT_EQ(plan.status, Plan::Status::kOk) << q << plan.clarification.dump();
    EXPECT_EQ(plan.semantic_query["order"], "metric_desc") << q;
    EXPECT_EQ(plan.semantic_query["limit"], 1) << q;
    const auto sql = sql_of(plan);
    EXPECT_NE(sql.find("ORDER BY change DESC NULLS LAST, category\nLIMIT 1"), std::string::npos)
        << sql;
  }
  const auto fell = ask("which 3 categories saw revenue fall the most from june to july, in %?");
  ASSERT_EQ(fell.status, Plan::Status::kOk) << fell.clarification.dump();
  EXPECT_EQ(fell.semantic_query["order"], "metric_asc");
  EXPECT_EQ(fell.semantic_query["limit"], 3);
  EXPECT_EQ(fell.semantic_query["rank_by"], "growth_pct");
  const auto plan = ask("which genre had the biggest jump in rentals from june to july?");
  ResultSet one{{{"category", "text"},
                 {"previous_rentals", "int8"},
                 {"current_rentals", "int8"},
                 {"change", "int8"},
                 {"growth_pct", "numeric"}},
                {{"Sports", 100, 150, 50, 50.0}},
                false};
  auto text = narration::narrate(plan, one, "2022-08-23").answer;
  EXPECT_NE(text.find("Sports had the biggest rise in rentals"), std::string::npos) << text;
  EXPECT_NE(text.find("100 → 150 (+50, +50"), std::string::npos) << text;
  // Every group of a breakdown by period is named, not the first one alone as if the total.
  const auto both = ask("rentals by category, june vs july");
  ASSERT_EQ(both.status, Plan::Status::kOk) << both.clarification.dump();
  ResultSet two{one.columns, {{"Action", 10, 12, 2, 20.0}, {"Comedy", 8, 6, -2, -25.0}}, false};
  text = narration::narrate(both, two, "2022-08-23").answer;
  EXPECT_NE(text.find("Action 10 → 12"), std::string::npos) << text;
  EXPECT_NE(text.find("Comedy 8 → 6"), std::string::npos) << text;
}

TEST(Planner, WeekendsAndWeekdaysFilterTheDayOfWeek) {
  auto plan = ask("what was the average payment on weekends?", Role::kFinance, {1});
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  const auto sql = sql_of(plan, Role::kFinance);
  EXPECT_NE(sql.find("trim(to_char(p.payment_date, 'Day')) IN ('Saturday', 'Sunday')"),
            std::string::npos)
      << sql;
  EXPECT_NE(sql_of(ask("rentals on Mondays")).find("= 'Monday'"), std::string::npos);
  ResultSet rs{{{"avg_payment", "numeric"}}, {{4.23}}, false};
  const auto text = narration::narrate(plan, rs, "2022-08-23").answer;
  EXPECT_NE(text.find("on Saturday and Sunday"), std::string::npos) << text;
  // "by weekday" is still the grouping.
  auto by = ask("revenue by weekday");
  EXPECT_EQ(by.semantic_query["dimensions"], nlohmann::json::array({"day_of_week"}));
}

TEST(Planner, PaidByCustomersIsWhoPaidNotAGrouping) {
  auto plan = ask("What's the total amount paid by customers in store 1 in July?");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["metric"], "revenue");
  EXPECT_TRUE(plan.semantic_query["dimensions"].empty());
  EXPECT_EQ(ask("revenue by customer").semantic_query["dimensions"],
            nlohmann::json::array({"customer"}));
}

TEST(Planner, PaymentFiguresFinanceCanAskFor) {
  EXPECT_EQ(ask("revenue per rental", Role::kFinance, {1}).semantic_query["metric"],
            "revenue_per_rental");
  auto paying = ask("How many unique customers paid us in 2022?", Role::kFinance, {1});
  ASSERT_EQ(paying.status, Plan::Status::kOk);
  EXPECT_EQ(paying.semantic_query["metric"], "paying_customers");
  EXPECT_EQ(ask("What is the median payment?", Role::kFinance, {1}).semantic_query["metric"],
            "median_payment");
}

TEST(Planner, ANegationThePlanWouldDropIsAskedAbout) {
  auto plan = ask("Which customers were not in any rental this year?");
  ASSERT_EQ(plan.status, Plan::Status::kNeedsClarification) << plan.semantic_query;
  EXPECT_NE(plan.clarification["question"].get<std::string>().find("not"), std::string::npos);
  // "Which customers haven't rented …" asks who: the customers (ids), one row each.
  auto who = ask("Which customers haven't rented anything this year?");
  ASSERT_EQ(who.status, Plan::Status::kOk) << who.clarification;
  EXPECT_EQ(who.semantic_query["dimensions"], nlohmann::json::array({"customer"}));
  // A negation that is the metric's own meaning is answered.
  EXPECT_EQ(ask("How many films are not stocked at store 1?").status, Plan::Status::kOk);
  EXPECT_EQ(ask("rentals not yet returned").status, Plan::Status::kOk);
  EXPECT_EQ(ask("revenue for store no. 2").status, Plan::Status::kOk);
  auto inactive = ask("how many customers are not active?");
  ASSERT_EQ(inactive.status, Plan::Status::kOk);
  EXPECT_EQ(inactive.semantic_query["metric"], "inactive_customers");
}

// ---- averages per period ---------------------------------------------------------------------

TEST(Planner, PerDayOnAverageIsTheMeanOfTheDailyCounts) {
  auto plan = ask("How many rentals per day on average?");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.intent, "kpi");
  EXPECT_EQ(plan.semantic_query["average_per"], "day");
  const auto sql = sql_of(plan);
  EXPECT_EQ(sql.rfind("SELECT round(avg(rentals), 2) AS avg_rentals_per_day\nFROM (SELECT", 0), 0U)
      << sql;
  EXPECT_NE(sql.find(") AS per_day"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("ORDER BY"), std::string::npos) << sql;
}

TEST(Planner, AveragePerPeriodKeepsTheOtherDimensions) {
  auto plan = ask("average monthly revenue by store");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_EQ(plan.semantic_query["average_per"], "month");
  const auto sql = sql_of(plan);
  EXPECT_NE(sql.find("GROUP BY store_id\nORDER BY store_id"), std::string::npos) << sql;
}

TEST(Planner, AnAverageMetricByMonthStaysASeries) {
  // avg_payment is already an average: by month it is a trend, not an average of averages.
  auto plan = ask("average payment by month");
  ASSERT_EQ(plan.status, Plan::Status::kOk);
  EXPECT_FALSE(plan.semantic_query.contains("average_per"));
  EXPECT_EQ(plan.intent, "trend");
}

TEST(Widgets, ChartKindFollowsIntentAndShape) {
  ResultSet one{{{"revenue", "numeric"}}, {{1.0}}, false};
  EXPECT_EQ(widgets::build(ask("total revenue"), one)[0]["type"], "metric");
  ResultSet months{{{"month", "date"}, {"revenue", "numeric"}},
                   {{"2022-05-01", 1.0}, {"2022-06-01", 2.0}},
                   false};
  EXPECT_EQ(widgets::build(ask("revenue by month"), months)[0]["type"], "line");
  ResultSet films{{{"title", "text"}, {"rentals", "int8"}}, {{"A", 3}, {"B", 2}}, false};
  auto ranking = widgets::build(ask("top 5 films by rentals"), films);
  EXPECT_EQ(ranking[0]["type"], "bar");
  EXPECT_EQ(ranking.back()["type"], "table");
}

TEST(Widgets, CategoriesOfTimeAreBarsAndASecondLabelIsNoPie) {
  ResultSet day_types{{{"day_type", "text"}, {"revenue", "numeric"}},
                      {{"weekday", 4154.25}, {"weekend", 1396.7}},
                      false};
  auto split = ask("weekend vs weekday takings in June");
  ASSERT_EQ(split.status, Plan::Status::kOk);
  EXPECT_EQ(widgets::build(split, day_types)[0]["type"], "bar");
  ResultSet hours{{{"hour", "int4"}, {"rentals", "int8"}}, {{0, 3}, {1, 2}}, false};
  auto by_hour = ask("rentals by hour of day");
  ASSERT_EQ(by_hour.intent, "trend");
  EXPECT_EQ(widgets::build(by_hour, hours)[0]["type"], "line");
  ResultSet statuses{
      {{"store_id", "int4"}, {"status", "text"}, {"customers", "int8"}},
      {{1, "active", 318}, {1, "inactive", 8}, {2, "active", 266}, {2, "inactive", 7}},
      false};
  auto per_store = ask("split by store: # active vs inactive customers");
  ASSERT_EQ(per_store.status, Plan::Status::kOk);
  EXPECT_NE(widgets::build(per_store, statuses)[0]["type"], "pie");
}

}  // namespace
}  // namespace copilot::planning
