// Saved questions are private to their user, enforced by the database itself (db/migrations/
// 20261210000100_saved_questions.sql): connected as the app's login (copilot_app, not the table's
// owner, so row-level security applies), an item written the way the gateway writes it (in a
// common::db::UserTransaction) is invisible to another user of the same organisation, to a user
// of another organisation and to a transaction without a user, and none of them can change or
// delete it. A missing server fails these tests; it never skips.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "common/config/env.hpp"
#include "common/db/org_transaction.hpp"
#include "common/db/sqlstate.hpp"
#include "db/tests/app_login.hpp"

namespace {

using common::db::OrgTransaction;
using common::db::UserTransaction;

using db_testing::app_url;
using db_testing::kDemo;
using db_testing::kNorthwind;
using db_testing::user_id_of;
constexpr auto attempt = db_testing::attempt_as_user;

class SavedQuestions : public ::testing::Test {
 protected:
  void SetUp() override {
    manager_ = user_id_of(conn_, "manager_store1");
    finance_ = user_id_of(conn_, "finance_user");
    other_org_admin_ = user_id_of(conn_, "admin_org2");
    UserTransaction tx(conn_, kDemo, manager_);
    saved_id_ = tx.exec1(
                      "INSERT INTO saved_questions (title, question) "
                      "VALUES ('db test board item', 'Revenue by month') RETURNING saved_id")[0]
                    .as<long long>();
    tx.commit();
  }
  void TearDown() override {
    UserTransaction tx(conn_, kDemo, manager_);
    tx.exec_params0("DELETE FROM saved_questions WHERE saved_id = $1", saved_id_);
    tx.commit();
  }
  long long visible_as(long long org, long long user) {
    UserTransaction tx(conn_, org, user);
    return tx.exec_params1("SELECT count(*) FROM saved_questions WHERE saved_id = $1", saved_id_)[0]
        .as<long long>();
  }
  std::string id() const { return std::to_string(saved_id_); }

  pqxx::connection conn_{app_url()};
  long long manager_ = 0, finance_ = 0, other_org_admin_ = 0, saved_id_ = 0;
};

TEST_F(SavedQuestions, OwnerSeesOwnItem) { EXPECT_EQ(visible_as(kDemo, manager_), 1); }

TEST_F(SavedQuestions, AnotherUserOfTheOrganisationSeesNothing) {
  EXPECT_EQ(visible_as(kDemo, finance_), 0);
}

TEST_F(SavedQuestions, AnotherOrganisationSeesNothing) {
  EXPECT_EQ(visible_as(kNorthwind, other_org_admin_), 0);
  // Not even naming the owner's id with the wrong organisation.
  EXPECT_EQ(visible_as(kNorthwind, manager_), 0);
}

TEST_F(SavedQuestions, WithoutAUserNothingIsVisible) {
  OrgTransaction tx(conn_, kDemo);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM saved_questions")[0].as<long long>(), 0);
}

TEST_F(SavedQuestions, OthersCannotChangeOrDeleteIt) {
  EXPECT_EQ(attempt(conn_, kDemo, finance_,
                    "UPDATE saved_questions SET question = 'x' WHERE saved_id = " + id()),
            std::make_pair(std::string(), 0LL));
  EXPECT_EQ(attempt(conn_, kDemo, finance_, "DELETE FROM saved_questions WHERE saved_id = " + id()),
            std::make_pair(std::string(), 0LL));
  EXPECT_EQ(attempt(conn_, kNorthwind, other_org_admin_,
                    "DELETE FROM saved_questions WHERE saved_id = " + id()),
            std::make_pair(std::string(), 0LL));
  EXPECT_EQ(visible_as(kDemo, manager_), 1);
}

TEST_F(SavedQuestions, NoOneWritesAnItemIntoAnotherUsersBoard) {
  // Row-level security's WITH CHECK: 42501 (insufficient_privilege).
  const auto [state, rows] =
      attempt(conn_, kDemo, finance_,
              "INSERT INTO saved_questions (user_id, title, question) VALUES (" +
                  std::to_string(manager_) + ", 'planted', 'Revenue')");
  EXPECT_EQ(state, "42501");
  EXPECT_EQ(rows, 0);
  // Nor moves one's own item to someone else.
  EXPECT_EQ(attempt(conn_, kDemo, manager_,
                    "UPDATE saved_questions SET user_id = " + std::to_string(finance_) +
                        " WHERE saved_id = " + id())
                .first,
            "42501");
}

TEST_F(SavedQuestions, TheTableRefusesEmptyText) {
  EXPECT_EQ(attempt(conn_, kDemo, manager_,
                    "INSERT INTO saved_questions (title, question) VALUES ('', 'Revenue')")
                .first,
            "23514");
}

}  // namespace
