// The policy in force and its reload, with a fake store at the boundary and the real compiler
// and rules behind it.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "copilot/policy/live_policy.hpp"
#include "copilot/policy/tests/fake_policy_store.hpp"

namespace copilot::policy {
namespace {

using nlohmann::json;
using testing::FakePolicyStore;

constexpr const char* kQuestion = "How many rentals of zanzibar films did we have last month?";

json seed() { return read_rules_file("copilot/policy/rules.json"); }

// The seed rules with one more: questions naming `term` are refused for every role.
json with_blocked(const std::string& term) {
  auto rules = seed();
  rules["rules"].push_back({{"id", "blocked_" + term},
                            {"kind", "pattern"},
                            {"code", "policy_denied"},
                            {"reason", "Questions about " + term + " are not answered."},
                            {"patterns", {"\\b" + term + "\\b"}}});
  return rules;
}

json not_compiling() {
  auto rules = with_blocked("zanzibar");
  rules["rules"].back()["kind"] = "keyword";
  return rules;
}

bool refused(const LivePolicy& live, const std::string& question) {
  return !live.current()->policy.check(question, Role::kStoreManager, {1}).allowed;
}

TEST(LivePolicy, TheRulesFileIsInForceAsVersionZeroUntilAVersionArrives) {
  FakePolicyStore store;
  LivePolicy live{Policy(seed())};
  PolicyReloader reloader(live, store, std::chrono::milliseconds(0));
  EXPECT_FALSE(reloader.poll_now());
  EXPECT_EQ(live.current()->version, 0);
  EXPECT_FALSE(refused(live, kQuestion));
  EXPECT_TRUE(refused(live, "delete customer 130"));
}

TEST(LivePolicy, ASavedVersionIsInForceAfterThePoll) {
  FakePolicyStore store;
  LivePolicy live{Policy(seed())};
  PolicyReloader reloader(live, store, std::chrono::milliseconds(0));
  store.save(seed(), "file");
  EXPECT_TRUE(reloader.poll_now());
  EXPECT_EQ(live.current()->version, 1);
  store.save(with_blocked("zanzibar"));
  EXPECT_TRUE(reloader.poll_now());
  EXPECT_EQ(live.current()->version, 2);
  const auto out = live.current()->policy.check(kQuestion, Role::kFinance, {1});
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.rule, "blocked_zanzibar");
  EXPECT_EQ(out.matched, "zanzibar");
  // Nothing newer: nothing installed again.
  EXPECT_FALSE(reloader.poll_now());
  // Restored: a new version with the old document.
  store.save(seed());
  EXPECT_TRUE(reloader.poll_now());
  EXPECT_EQ(live.current()->version, 3);
  EXPECT_FALSE(refused(live, kQuestion));
}

TEST(LivePolicy, ARequestKeepsThePolicyItStartedWith) {
  FakePolicyStore store;
  LivePolicy live{Policy(seed())};
  PolicyReloader reloader(live, store, std::chrono::milliseconds(0));
  const auto snapshot = live.current();
  store.save(with_blocked("zanzibar"));
  ASSERT_TRUE(reloader.poll_now());
  EXPECT_TRUE(snapshot->policy.check(kQuestion, Role::kAdmin, {1, 2}).allowed);
  EXPECT_EQ(snapshot->version, 0);
  EXPECT_TRUE(refused(live, kQuestion));
}

TEST(LivePolicy, AVersionThatDoesNotCompileIsSkippedAndThePreviousKept) {
  FakePolicyStore store;
  LivePolicy live{Policy(seed())};
  PolicyReloader reloader(live, store, std::chrono::milliseconds(0));
  store.save(with_blocked("zanzibar"));
  ASSERT_TRUE(reloader.poll_now());
  store.save(not_compiling());
  EXPECT_FALSE(reloader.poll_now());
  EXPECT_EQ(live.current()->version, 1);
  EXPECT_TRUE(refused(live, kQuestion));
  EXPECT_FALSE(live.install({3, json::array(), "api"}));
  EXPECT_EQ(live.current()->version, 1);
  // The bad version is not tried again; the next good one is installed.
  EXPECT_FALSE(reloader.poll_now());
  store.save(with_blocked("timbuktu"));
  EXPECT_TRUE(reloader.poll_now());
  EXPECT_EQ(live.current()->version, 3);
  EXPECT_TRUE(refused(live, "rentals of timbuktu films"));
  EXPECT_FALSE(refused(live, kQuestion));
}

TEST(LivePolicy, AStoreThatCannotBeReadKeepsThePolicyInForce) {
  FakePolicyStore store;
  LivePolicy live{Policy(seed())};
  PolicyReloader reloader(live, store, std::chrono::milliseconds(0));
  store.save(with_blocked("zanzibar"));
  store.set_failing(true);
  EXPECT_FALSE(reloader.poll_now());
  EXPECT_FALSE(reloader.poll_now());
  EXPECT_EQ(live.current()->version, 0);
  store.set_failing(false);
  EXPECT_TRUE(reloader.poll_now());
  EXPECT_EQ(live.current()->version, 1);
}

TEST(LivePolicy, TheReloaderPicksUpASavedVersionWithinItsInterval) {
  FakePolicyStore store;
  LivePolicy live{Policy(seed())};
  PolicyReloader reloader(live, store, std::chrono::milliseconds(20));
  const auto saved = std::chrono::steady_clock::now();
  store.save(with_blocked("zanzibar"));
  while (live.current()->version != 1 &&
         std::chrono::steady_clock::now() - saved < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(live.current()->version, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - saved, std::chrono::seconds(1));
  EXPECT_TRUE(refused(live, kQuestion));
}

// Requests check questions while versions are swapped under them: every check sees one whole
// policy (the sanitizer builds watch the memory).
TEST(LivePolicy, ChecksDuringSwapsSeeOneWholePolicy) {
  FakePolicyStore store;
  LivePolicy live{Policy(seed())};
  PolicyReloader reloader(live, store, std::chrono::milliseconds(1));
  std::atomic<bool> stop{false};
  std::atomic<int> checks{0};
  std::vector<std::thread> readers;
  readers.reserve(3);
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!stop) {
        const auto active = live.current();
        const auto out = active->policy.check(kQuestion, Role::kMarketing, {1, 2});
        // Even versions block the word, odd ones do not (see below).
        const bool blocks = active->version > 0 && active->version % 2 == 0;
        if (out.allowed == blocks) ADD_FAILURE() << "version " << active->version;
        ++checks;
      }
    });
  }
  for (int v = 1; v <= 20; ++v) {
    store.save(v % 2 == 0 ? with_blocked("zanzibar") : seed());
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_GT(checks.load(), 0);
}

}  // namespace
}  // namespace copilot::policy
