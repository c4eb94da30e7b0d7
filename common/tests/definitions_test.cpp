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

}  // namespace
}  // namespace common::orgmem
