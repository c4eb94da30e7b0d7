// Customer PII out of the dataset export: names as v_customer_masked masks them, e-mails,
// street addresses and phone numbers, on word boundaries and whatever their case; ordinary
// words that happen to be first names stay.
#include "gateway/review/scrubber.hpp"

#include <gtest/gtest.h>

namespace gateway::review {
namespace {

PiiScrubber pagila_like() {
  return PiiScrubber({{"MARY", "first_name", "M***"},
                      {"SMITH", "last_name", "S***"},
                      {"APRIL", "first_name", "A***"},
                      {"LONG", "last_name", "L***"},
                      {"MARY.SMITH@sakilacustomer.org", "email", "M***@sakilacustomer.org"},
                      {"1913 Hanoi Way", "address", "[address]"},
                      {"28303384290", "phone", "[phone]"}});
}

TEST(PiiScrubber, MasksFullNamesInEitherOrderAndCase) {
  const auto s = pagila_like();
  EXPECT_EQ(s.scrub("How much did Mary Smith pay?"), "How much did M*** S*** pay?");
  EXPECT_EQ(s.scrub("customer SMITH, MARY"), "customer S***, M***");
  EXPECT_EQ(s.scrub("mary smith's rentals"), "m*** s***'s rentals");
}

TEST(PiiScrubber, MasksCapitalisedLastNamesAloneButKeepsOrdinaryWords) {
  const auto s = pagila_like();
  EXPECT_EQ(s.scrub("Smith complained"), "S*** complained");
  EXPECT_EQ(s.scrub("how long were rentals in April"), "how long were rentals in April");
  EXPECT_EQ(s.scrub("Mary asked"), "Mary asked");
}

TEST(PiiScrubber, MasksEmailsAddressesAndPhones) {
  const auto s = pagila_like();
  EXPECT_EQ(s.scrub("write to mary.smith@sakilacustomer.org."),
            "write to M***@sakilacustomer.org.");
  EXPECT_EQ(s.scrub("(someone.else@example.com)"), "(s***@example.com)");
  EXPECT_EQ(s.scrub("lives at 1913 hanoi way, call 28303384290"),
            "lives at [address], call [phone]");
  EXPECT_EQ(s.scrub("1913 films on Hanoi Way"), "1913 films on Hanoi Way");
}

TEST(PiiScrubber, ScrubsEveryStringOfAJsonValue) {
  const auto s = pagila_like();
  const nlohmann::json value = {{"filters", {{{"field", "last_name"}, {"value", "Mary Smith"}}}},
                                {"n", 3}};
  const auto out = s.scrub_json(value);
  EXPECT_EQ(out["filters"][0]["value"], "M*** S***");
  EXPECT_EQ(out["filters"][0]["field"], "last_name");
  EXPECT_EQ(out["n"], 3);
}

}  // namespace
}  // namespace gateway::review
