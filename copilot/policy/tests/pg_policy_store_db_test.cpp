// The policy store's SQL against the real database, as the app role. policy_versions is shared
// and append-only, so these tests never write to it: each store's one connection creates a
// temporary table of the same definition (LIKE … INCLUDING ALL: the checks and the key), which
// PostgreSQL looks up first (pg_temp precedes the search path), and the store's statements run on
// that. The app role's privileges on the real table are checked in db/tests.
#include <gtest/gtest.h>

#include "copilot/policy/live_policy.hpp"
#include "copilot/policy/pg_policy_store.hpp"
#include "copilot/tests/support.hpp"

namespace copilot::policy {
namespace {

using nlohmann::json;

// With the real table's row-level security (forced: the app role owns its temporary table), so
// that each organisation's store sees its own versions only, as on the real table.
constexpr const char* kShadow =
    "CREATE TEMP TABLE policy_versions (LIKE public.policy_versions INCLUDING ALL); "
    "ALTER TABLE policy_versions ENABLE ROW LEVEL SECURITY; "
    "ALTER TABLE policy_versions FORCE ROW LEVEL SECURITY; "
    "CREATE POLICY org_isolation ON policy_versions USING (org_id = app_org_id()) "
    "WITH CHECK (org_id = app_org_id())";

// A pool of one connection whose policy_versions is its own, empty, temporary table.
struct Shadowed {
  common::db::ConnectionPool pool{testing::required_env("APP_DATABASE_URL"), 1,
                                  std::chrono::seconds(5), kShadow};
  PgPolicyStore store{pool, 1};
  PgPolicyStore northwind{pool, 2};

  // An admin's save, as the gateway writes it.
  void save(long long version, const json& rules) {
    auto lease = pool.acquire();
    common::db::OrgTransaction tx(*lease, 1);
    tx.exec_params(
        "INSERT INTO policy_versions (version, rules, source, created_by, created_by_username) "
        "VALUES ($1, $2::jsonb, 'api', 1, 'admin_user')",
        version, rules.dump());
    tx.commit();
  }
  long long count() {  // organisation 1's versions
    auto lease = pool.acquire();
    common::db::OrgTransaction tx(*lease, 1);
    return tx.exec1("SELECT count(*) FROM policy_versions")[0].as<long long>();
  }
};

json seed() { return read_rules_file("copilot/policy/rules.json"); }

json with_blocked(const std::string& term) {
  auto rules = seed();
  rules["rules"].push_back({{"id", "blocked_" + term},
                            {"kind", "pattern"},
                            {"code", "policy_denied"},
                            {"reason", "No."},
                            {"patterns", {"\\b" + term + "\\b"}}});
  return rules;
}

TEST(PgPolicyStore, AnEmptyStoreHasNothingNewer) {
  Shadowed db;
  EXPECT_EQ(db.store.newer_than(0), std::nullopt);
}

// Each organisation has its own history: a version saved in one is not another's.
TEST(PgPolicyStore, EachOrganisationHasItsOwnHistory) {
  Shadowed db;
  ASSERT_EQ(db.store.seed_from_file(seed(), "seed"), 1);
  EXPECT_EQ(db.northwind.newer_than(0), std::nullopt);
  ASSERT_EQ(db.northwind.seed_from_file(seed(), "seed"), 1);
  db.save(2, with_blocked("zanzibar"));
  EXPECT_EQ(db.store.newer_than(1)->version, 2);
  EXPECT_EQ(db.northwind.newer_than(1), std::nullopt);
}

TEST(PgPolicyStore, TheRulesFileSeedsAnEmptyStoreOnce) {
  Shadowed db;
  EXPECT_EQ(db.store.seed_from_file(seed(), "seed: copilot/policy/rules.json"), 1);
  EXPECT_EQ(db.store.seed_from_file(seed(), "seed: copilot/policy/rules.json"), std::nullopt);
  EXPECT_EQ(db.count(), 1);
  const auto v = db.store.newer_than(0);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->version, 1);
  EXPECT_EQ(v->source, "file");
  EXPECT_EQ(v->rules, seed());  // the document as it was (jsonb keeps its meaning, not its text)
  EXPECT_EQ(db.store.newer_than(1), std::nullopt);
}

TEST(PgPolicyStore, AChangedFileIsSeededAgainUntilAnAdminChangesThePolicy) {
  Shadowed db;
  ASSERT_EQ(db.store.seed_from_file(seed(), "seed"), 1);
  EXPECT_EQ(db.store.seed_from_file(with_blocked("first"), "seed"), 2);
  db.save(3, with_blocked("admin"));
  EXPECT_EQ(db.store.seed_from_file(with_blocked("second"), "seed"), std::nullopt);
  EXPECT_EQ(db.store.newer_than(0)->version, 3);
  // The admin restores the file's rules: the file is followed again.
  db.save(4, with_blocked("first"));
  EXPECT_EQ(db.store.seed_from_file(with_blocked("second"), "seed"), 5);
  EXPECT_EQ(db.store.newer_than(4)->rules, with_blocked("second"));
}

TEST(PgPolicyStore, NewerThanReturnsOnlyTheNewest) {
  Shadowed db;
  db.save(1, seed());
  db.save(2, with_blocked("a"));
  db.save(3, with_blocked("b"));
  const auto v = db.store.newer_than(1);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->version, 3);
  EXPECT_EQ(v->source, "api");
  EXPECT_EQ(v->rules, with_blocked("b"));
}

TEST(PgPolicyStore, TheReloaderInstallsTheStoresNewestVersion) {
  Shadowed db;
  LivePolicy live{Policy(seed())};
  PolicyReloader reloader(live, db.store, std::chrono::milliseconds(0));
  EXPECT_FALSE(reloader.poll_now());
  db.save(1, with_blocked("zanzibar"));
  EXPECT_TRUE(reloader.poll_now());
  EXPECT_EQ(live.current()->version, 1);
  EXPECT_FALSE(live.current()->policy.check("zanzibar rentals", Role::kAdmin, {1, 2}).allowed);
}

}  // namespace
}  // namespace copilot::policy
