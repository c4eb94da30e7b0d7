#include "common/orgmem/definitions.hpp"

#include <gtest/gtest.h>

namespace common::orgmem {
namespace {

Definition read(std::string_view text) {
  const auto d = definition_of(text);
  return d ? *d : Definition{"(none)", ""};
}

TEST(Definitions, TheFormsAnAdminWritesAreRead) {
  EXPECT_EQ(read("A premium film rents for 4.99.").term, "premium film");
  EXPECT_EQ(read("A premium film rents for 4.99.").meaning, "film that rents for 4.99");
  EXPECT_FALSE(read("A premium film rents for 4.99.").stated);  // read from a statement
  EXPECT_TRUE(read("Premium film means film that rents for 4.99").stated);
  EXPECT_EQ(read("premium films rent for $4.99").meaning, "films that rent for $4.99");
  EXPECT_EQ(read("premium films rent for $4.99").term, "premium film");
  EXPECT_EQ(read("\"Long film\" means film longer than 150 minutes").term, "long film");
  EXPECT_EQ(read("\"Long film\" means film longer than 150 minutes").meaning,
            "film longer than 150 minutes");
  EXPECT_EQ(read("By late rentals we mean rentals returned after their due date").term,
            "late rental");
  EXPECT_EQ(read("A bargain film is a film with a rental rate of 0.99").meaning,
            "film with a rental rate of 0.99");
  EXPECT_EQ(read("Family films are films rated G or PG").meaning, "films rated G or PG");
  EXPECT_EQ(read("Summer = June to August").term, "summer");
  EXPECT_EQ(read("Summer = June to August").meaning, "June to August");
  EXPECT_EQ(read("Big spenders: customers who paid more than $150").meaning,
            "customers who paid more than $150");
  EXPECT_EQ(read("Blockbuster is defined as a film rented more than 30 times").meaning,
            "film rented more than 30 times");
}

TEST(Definitions, RulesAndBareThingsDefineNothing) {
  for (const char* text :
       {"never show staff names", "our fiscal year starts in February", "a film rents for 4.99",
        "films are great", "premium", "", "Revenue is what we earn"}) {
    EXPECT_FALSE(definition_of(text).has_value()) << text;
  }
}

TEST(Definitions, ATermInAQuestionIsReplacedByItsMeaning) {
  const std::vector<Definition> defs = {{"premium film", "film that rents for 4.99"},
                                        {"summer", "June to August"}};
  auto g = apply_definitions("How many Premium Films do we have?", defs);
  EXPECT_EQ(g.question, "How many films that rents for 4.99 do we have?");
  ASSERT_EQ(g.applied.size(), 1U);
  EXPECT_EQ(g.applied[0].matched, "Premium Films");
  EXPECT_EQ(g.applied[0].index, 0U);

  g = apply_definitions("rentals of premium film titles this summer", defs);
  EXPECT_EQ(g.question, "rentals of film that rents for 4.99 titles this June to August");
  EXPECT_EQ(g.applied.size(), 2U);

  // Whole words only, and nothing else touched.
  g = apply_definitions("revenue from premiumfilm rentals in summertime", defs);
  EXPECT_TRUE(g.applied.empty());
  EXPECT_EQ(g.question, "revenue from premiumfilm rentals in summertime");
}

TEST(Definitions, TheLongerTermWinsAndAWordIsReplacedOnce) {
  const std::vector<Definition> defs = {{"premium", "expensive"},
                                        {"premium film", "film that rents for 4.99"}};
  const auto g = apply_definitions("top premium films", defs);
  EXPECT_EQ(g.question, "top films that rents for 4.99");
  ASSERT_EQ(g.applied.size(), 1U);
  EXPECT_EQ(g.applied[0].index, 1U);
}

TEST(Definitions, WhenTheFiscalYearStartsIsRead) {
  EXPECT_EQ(fiscal_year_start_of("Our fiscal year starts in February."), 2);
  EXPECT_EQ(fiscal_year_start_of("FY begins on 1 Oct"), 10);
  EXPECT_EQ(fiscal_year_start_of("the financial year runs from April to March"), 4);
  EXPECT_FALSE(fiscal_year_start_of("we opened in February"));
  EXPECT_FALSE(fiscal_year_start_of("a premium film rents for 4.99"));
}

TEST(Definitions, FiscalPeriodsAreMonthsTheFiscalYearStartsFrom) {
  const auto defs = fiscal_definitions(2, "2022-08-23T21:50:12Z");
  const auto meaning = [&](const std::string& term) {
    for (const auto& d : defs) {
      if (d.term == term) return d.meaning;
    }
    return std::string("(none)");
  };
  EXPECT_EQ(meaning("this fiscal year"), "since February 1 2022");
  EXPECT_EQ(meaning("fytd"), "since February 1 2022");
  EXPECT_EQ(meaning("last fiscal year"), "from February 2021 to January 2022");
  EXPECT_EQ(meaning("fiscal q1"), "from February 2022 to April 2022");
  EXPECT_EQ(meaning("fiscal q4"), "from November 2022 to January 2023");
  EXPECT_EQ(meaning("fy2022"), "(none)");  // named by its first or its last year? asked back
  // Before the start month, "this fiscal year" began the calendar year before.
  EXPECT_EQ(fiscal_definitions(10, "2022-08-23")[0].meaning, "since October 1 2021");
  EXPECT_TRUE(fiscal_definitions(13, "2022-08-23").empty());
  EXPECT_TRUE(fiscal_definitions(2, "soon").empty());

  const auto g = apply_definitions("Revenue in the last fiscal year by month", defs);
  EXPECT_EQ(g.question, "Revenue in from February 2021 to January 2022 by month");
}

}  // namespace
}  // namespace common::orgmem
