// Reviewers' corrections as model-path examples: the organisation's pairs near the question, of
// the asker's role only, best first, as "example" documents.
#include "copilot/retrieval/reviewed_examples.hpp"

#include <gtest/gtest.h>

namespace copilot::retrieval {
namespace {

class StillClock final : public common::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override { return {}; }
  [[nodiscard]] std::chrono::steady_clock::time_point steady_now() const override { return t; }
  std::chrono::steady_clock::time_point t;
};

class MapSource final : public ReviewedPairSource {
 public:
  std::vector<ReviewedPair> current(long long org) override {
    ++reads;
    return by_org[org];
  }
  std::map<long long, std::vector<ReviewedPair>> by_org;
  int reads = 0;
};

TEST(ReviewedExamples, RecallsTheOrganisationsPairsOfTheAskersRoleNearTheQuestion) {
  MapSource source;
  source.by_org[1] = {{"r1", "store_manager", "revenue by store last month",
                       "SELECT store_id, sum(amount) FROM v_payment_scoped GROUP BY 1", 3},
                      {"r2", "finance", "revenue by store last month", "SELECT 2", 2},
                      {"r3", "store_manager", "which actors appear most often", "SELECT 3", 1}};
  source.by_org[2] = {{"r9", "store_manager", "revenue by store", "SELECT 9", 9}};
  HashingEmbedder embedder;
  StillClock clock;
  ReviewedExamples examples(source, embedder, clock);
  const auto found = examples.recall(1, "store_manager", "What was revenue by store last month?");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, "example");
  EXPECT_EQ(found[0].key, "reviewed:r1");
  EXPECT_NE(found[0].content.find("SELECT store_id, sum(amount)"), std::string::npos);
  const auto finance = examples.recall(1, "finance", "revenue by store last month");
  ASSERT_EQ(finance.size(), 1U);
  EXPECT_EQ(finance[0].key, "reviewed:r2");
  EXPECT_TRUE(examples.recall(3, "store_manager", "revenue by store").empty());
  EXPECT_TRUE(examples.recall(1, "marketing", "revenue by store last month").empty());
}

TEST(ReviewedExamples, ReReadsAfterTheRefreshIntervalAndKeepsTheLastPairsWhenTheSourceFails) {
  class FailingAfterFirst final : public ReviewedPairSource {
   public:
    std::vector<ReviewedPair> current(long long) override {
      if (reads++ > 0) throw std::runtime_error("database down");
      return {{"r1", "admin", "total revenue", "SELECT sum(amount) FROM v_payment_scoped", 1}};
    }
    int reads = 0;
  } source;
  HashingEmbedder embedder;
  StillClock clock;
  ReviewedExamples examples(source, embedder, clock, std::chrono::seconds(5));
  EXPECT_EQ(examples.recall(1, "admin", "total revenue").size(), 1U);
  EXPECT_EQ(examples.recall(1, "admin", "total revenue").size(), 1U);
  EXPECT_EQ(source.reads, 1);
  clock.t += std::chrono::seconds(6);
  EXPECT_EQ(examples.recall(1, "admin", "total revenue").size(), 1U);
  EXPECT_EQ(source.reads, 2);
}

}  // namespace
}  // namespace copilot::retrieval
