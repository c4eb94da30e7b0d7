// Organisation memory as the copilot recalls it: entries near a question, best first, each
// organisation's own, and the restrictions it maps exactly.
#include "copilot/retrieval/org_memory.hpp"

#include <gtest/gtest.h>

namespace copilot::retrieval {
namespace {

class StillClock final : public common::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override { return {}; }
  [[nodiscard]] std::chrono::steady_clock::time_point steady_now() const override { return t; }
  std::chrono::steady_clock::time_point t;
};

class MapSource final : public OrgMemorySource {
 public:
  std::vector<common::orgmem::Entry> current(long long org) override {
    ++reads;
    return by_org[org];
  }
  std::map<long long, std::vector<common::orgmem::Entry>> by_org;
  int reads = 0;
};

common::orgmem::Entry entry(long long id, std::string text, std::string kind = "glossary") {
  common::orgmem::Entry e;
  e.entry_id = id;
  e.version = 1;
  e.kind = std::move(kind);
  e.text = std::move(text);
  return e;
}

TEST(OrgMemory, RecallsTheEntriesNearTheQuestionOfItsOwnOrganisation) {
  MapSource source;
  source.by_org[1] = {entry(1, "A premium film rents for 4.99"),
                      entry(2, "Our fiscal year starts in February"),
                      entry(3, "Never show staff names", "rule")};
  source.by_org[2] = {entry(1, "A premium film is any film longer than 3 hours")};
  HashingEmbedder embedder;
  StillClock clock;
  OrgMemory memory(source, embedder, clock);
  const auto found = memory.recall(1, "How many premium films were rented?");
  ASSERT_FALSE(found.retrieved.empty());
  EXPECT_EQ(found.retrieved[0].text, "A premium film rents for 4.99");
  EXPECT_EQ(found.retrieved[0].restriction, "");
  ASSERT_EQ(found.restrictions.size(), 1U);
  EXPECT_EQ(found.restrictions[0].restriction, "staff_names");
  for (const auto& n : memory.recall(2, "premium films").retrieved) {
    EXPECT_EQ(n.text, "A premium film is any film longer than 3 hours");
  }
  EXPECT_TRUE(memory.recall(3, "premium films").retrieved.empty());
}

TEST(OrgMemory, ReReadsAfterTheRefreshInterval) {
  MapSource source;
  source.by_org[1] = {entry(1, "A premium film rents for 4.99")};
  HashingEmbedder embedder;
  StillClock clock;
  OrgMemory memory(source, embedder, clock, std::chrono::seconds(5));
  (void)memory.recall(1, "premium");
  (void)memory.recall(1, "premium");
  EXPECT_EQ(source.reads, 1);
  source.by_org[1].clear();
  clock.t += std::chrono::seconds(6);
  EXPECT_TRUE(memory.recall(1, "premium").retrieved.empty());
  EXPECT_EQ(source.reads, 2);
}

TEST(OrgMemory, OnlyExactWordingsRestrict) {
  EXPECT_EQ(common::orgmem::restriction_of("Never show staff names"), "staff_names");
  EXPECT_EQ(common::orgmem::restriction_of("Do not display employee names."), "staff_names");
  EXPECT_EQ(common::orgmem::restriction_of("Staff names are shown on receipts"), "");
  EXPECT_EQ(common::orgmem::restriction_of("Always show staff names"), "");
}

}  // namespace
}  // namespace copilot::retrieval
