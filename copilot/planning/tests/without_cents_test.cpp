// Money without cents (a user's preference): the narrative's dollar figures in whole dollars,
// rounded on their digits, everything else untouched.
#include <gtest/gtest.h>

#include "copilot/narration/narration.hpp"

namespace copilot::narration {
namespace {

TEST(WithoutCents, RoundsEveryDollarFigure) {
  EXPECT_EQ(without_cents("Revenue was $1,234.56 in June 2022."),
            "Revenue was $1,235 in June 2022.");
  EXPECT_EQ(without_cents("$0.49 and $0.50"), "$0 and $1");
  EXPECT_EQ(without_cents("up to $999.99."), "up to $1,000.");
  EXPECT_EQ(without_cents("-$12.40 change"), "-$12 change");
}

TEST(WithoutCents, LeavesOtherNumbersAlone) {
  EXPECT_EQ(without_cents("3,352 rentals, 4.5% more, $12"), "3,352 rentals, 4.5% more, $12");
  EXPECT_EQ(without_cents("costs $ 5.00"), "costs $ 5.00");
  EXPECT_EQ(without_cents("ends with $"), "ends with $");
  EXPECT_EQ(without_cents("$12."), "$12.");
}

}  // namespace
}  // namespace copilot::narration
