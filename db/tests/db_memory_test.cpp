// User memory is private to its user, enforced by the database itself (db/migrations/
// 20261208000100_user_preferences.sql): these tests connect as the app's login (copilot_app, not
// a table owner, so row-level security applies), write a preference the way the services do
// (common::prefs through common::db::UserTransaction), then check that another user of the same
// organisation, a user of another organisation, and a transaction without a user see none of it
// and can change none of it, and that the table takes only the closed list of kinds. A missing
// server fails these tests; it never skips.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "common/config/env.hpp"
#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"
#include "common/db/sqlstate.hpp"
#include "common/orgmem/org_memory.hpp"
#include "common/prefs/preferences.hpp"
#include "db/tests/app_login.hpp"

namespace {

using common::db::UserTransaction;
using nlohmann::json;

using db_testing::app_url;
using db_testing::kDemo;
using db_testing::kNorthwind;
using db_testing::user_id_of;
constexpr auto attempt = db_testing::attempt_as_user;

class UserMemory : public ::testing::Test {
 protected:
  void SetUp() override {
    manager_ = user_id_of(conn_, "manager_store1");
    multi_ = user_id_of(conn_, "manager_multi");
    other_org_admin_ = user_id_of(conn_, "admin_org2");
    owner_ = {kDemo, manager_, {1}, false};
    common::prefs::remove_all(pool_, owner_);
    common::prefs::put(pool_, owner_, {{"default_stores", {1}}, {"week_start", "sunday"}}, "api");
  }
  void TearDown() override { common::prefs::remove_all(pool_, owner_); }

  long long count_as(long long org, long long user) {
    UserTransaction tx(conn_, org, user);
    return tx.exec1("SELECT count(*) FROM user_preferences")[0].as<long long>();
  }

  pqxx::connection conn_{app_url()};
  common::db::ConnectionPool pool_{app_url(), 1};
  long long manager_ = 0, multi_ = 0, other_org_admin_ = 0;
  common::prefs::Owner owner_;
};

TEST_F(UserMemory, OwnerSeesOwnPreferences) {
  const auto stored = common::prefs::load(pool_, owner_);
  EXPECT_EQ(stored["default_stores"], json({1}));
  EXPECT_EQ(stored["week_start"], "sunday");
  EXPECT_EQ(count_as(kDemo, manager_), 2);
}

TEST_F(UserMemory, AnotherUserOfTheSameOrganisationSeesNothing) {
  EXPECT_EQ(count_as(kDemo, multi_), 0);
  EXPECT_TRUE(common::prefs::load(pool_, {kDemo, multi_, {1, 2}, false}).empty());
}

TEST_F(UserMemory, AUserOfAnotherOrganisationSeesNothing) {
  EXPECT_EQ(count_as(kNorthwind, other_org_admin_), 0);
  // Naming the manager's id under the other organisation shows nothing either.
  EXPECT_EQ(count_as(kNorthwind, manager_), 0);
}

TEST_F(UserMemory, ATransactionWithoutAUserSeesNothingAndWritesNothing) {
  {
    common::db::OrgTransaction tx(conn_, kDemo);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM user_preferences")[0].as<long long>(), 0);
  }
  {
    pqxx::work tx(conn_);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM user_preferences")[0].as<long long>(), 0);
  }
  try {
    common::db::OrgTransaction tx(conn_, kDemo);
    tx.exec0(
        "INSERT INTO user_preferences (pref_key, value, source) "
        "VALUES ('week_start', '\"monday\"', 'api')");
    ADD_FAILURE() << "an insert without a user was accepted";
  } catch (const pqxx::sql_error& e) {
    // Refused by the policy (42501) or by user_id NOT NULL (23502), whichever PostgreSQL checks
    // first.
    const auto state = common::db::sqlstate_of(e);
    EXPECT_TRUE(state == "42501" || state == "23502") << e.what();
  }
}

TEST_F(UserMemory, AnotherUserCanNeitherChangeNorDeleteNorWriteForTheOwner) {
  EXPECT_EQ(attempt(conn_, kDemo, multi_, "DELETE FROM user_preferences"),
            std::make_pair(std::string(), 0LL));
  EXPECT_EQ(attempt(conn_, kDemo, multi_, "UPDATE user_preferences SET value = '[2]'"),
            std::make_pair(std::string(), 0LL));
  // Writing a row for the manager while scoped as another user: refused by the policy.
  EXPECT_EQ(attempt(conn_, kDemo, multi_,
                    "INSERT INTO user_preferences (user_id, pref_key, value, source) VALUES (" +
                        std::to_string(manager_) + ", 'money_without_cents', 'true', 'api')")
                .first,
            "42501");
  // Another organisation cannot write into organisation 1.
  EXPECT_EQ(attempt(conn_, kNorthwind, other_org_admin_,
                    "INSERT INTO user_preferences (org_id, pref_key, value, source) VALUES (1, "
                    "'money_without_cents', 'true', 'api')")
                .first,
            "42501");
  EXPECT_EQ(count_as(kDemo, manager_), 2);
}

TEST_F(UserMemory, OnlyTheClosedListOfKindsIsStored) {
  EXPECT_EQ(attempt(conn_, kDemo, manager_,
                    "INSERT INTO user_preferences (pref_key, value, source) "
                    "VALUES ('role', '\"admin\"', 'question')")
                .first,
            "23514");
  EXPECT_EQ(
      attempt(conn_, kDemo, manager_,
              "UPDATE user_preferences SET value = '\"friday\"' WHERE pref_key = 'week_start'")
          .first,
      "23514");
}

}  // namespace

namespace {

// Organisation memory is its organisation's alone, and append-only for the app
// (db/migrations/20261208000200_org_memory.sql).
class OrgMemoryIsolation : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = user_id_of(conn_, "admin_user");
    added_ = common::orgmem::add(
        pool_, kDemo, {"glossary", "db test: a premium film rents for 4.99"}, admin_, "admin_user");
  }
  // The entry is deleted (a new version: nothing is erased), so no answer ever cites it.
  void TearDown() override {
    (void)common::orgmem::change(pool_, kDemo, added_.entry_id, std::nullopt, admin_, "admin_user");
  }
  long long count_in(long long org) {
    common::db::OrgTransaction tx(conn_, org);
    return tx
        .exec_params1("SELECT count(*) FROM org_memory_versions WHERE entry_id = $1 AND text = $2",
                      added_.entry_id, added_.text)[0]
        .as<long long>();
  }
  std::string attempt_in(long long org, const std::string& sql) {
    try {
      common::db::OrgTransaction tx(conn_, org);
      const auto r = tx.exec(sql);
      return r.affected_rows() == 0 ? "0 rows" : "changed";
    } catch (const pqxx::sql_error& e) {
      return common::db::sqlstate_of(e);
    }
  }

  pqxx::connection conn_{app_url()};
  common::db::ConnectionPool pool_{app_url(), 1};
  long long admin_ = 0;
  common::orgmem::Entry added_;
};

TEST_F(OrgMemoryIsolation, AnotherOrganisationSeesNoneOfIt) {
  EXPECT_EQ(count_in(kDemo), 1);
  EXPECT_EQ(count_in(kNorthwind), 0);
  for (const auto& e : common::orgmem::current(pool_, kNorthwind)) {
    EXPECT_NE(e.text, added_.text);
  }
  pqxx::work unscoped(conn_);
  EXPECT_EQ(unscoped.exec1("SELECT count(*) FROM org_memory_versions")[0].as<long long>(), 0);
}

TEST_F(OrgMemoryIsolation, AnotherOrganisationCannotWriteIntoIt) {
  EXPECT_EQ(attempt_in(kNorthwind,
                       "INSERT INTO org_memory_versions (org_id, entry_id, version, kind, text, "
                       "created_by, created_by_username) VALUES (1, 999999, 1, 'rule', 'x', 1, "
                       "'x')"),
            "42501");
  // Organisation 2 does not see organisation 1's entry, so it cannot version it either.
  EXPECT_FALSE(
      common::orgmem::change(pool_, kNorthwind, added_.entry_id, std::nullopt, 1, "x").has_value());
}

TEST_F(OrgMemoryIsolation, VersionsAreNeverRewritten) {
  EXPECT_EQ(attempt_in(kDemo, "UPDATE org_memory_versions SET text = 'rewritten'"), "42501");
  EXPECT_EQ(attempt_in(kDemo, "DELETE FROM org_memory_versions"), "42501");
  const auto changed =
      common::orgmem::change(pool_, kDemo, added_.entry_id, std::nullopt, admin_, "admin_user");
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(changed->after.version, 2);
  EXPECT_TRUE(changed->after.deleted);
  const auto versions = common::orgmem::history(pool_, kDemo, added_.entry_id);
  ASSERT_EQ(versions.size(), 2U);
  EXPECT_EQ(versions[0].text, added_.text);
  for (const auto& e : common::orgmem::current(pool_, kDemo))
    EXPECT_NE(e.entry_id, added_.entry_id);
}

}  // namespace
