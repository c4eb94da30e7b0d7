// The readers' privileges as PostgreSQL reports them (the project's migrations applied), and the
// catalogs built from them: the acceptance of issue 15 at the database layer.
#include "copilot/catalog/pg_privileges.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "copilot/tests/support.hpp"

namespace copilot::catalog {
namespace {

bool has(const ReadableColumns& readable, const std::string& relation, const std::string& column) {
  const auto it = readable.find(relation);
  return it != readable.end() &&
         std::any_of(it->second.begin(), it->second.end(),
                     [&](const ReadableColumn& c) { return c.name == column; });
}

class PgPrivilegesTest : public ::testing::Test {
 protected:
  common::db::ConnectionPool pool{testing::required_env("ANALYTICS_DATABASE_URL"), 1};
  PgPrivileges privileges{pool};
};

TEST_F(PgPrivilegesTest, MarketingReaderHasNoPaymentsAndOnlyMaskedNames) {
  const auto readable =
      privileges.readable_columns("reader_marketing", catalog_relations(Role::kAdmin));
  EXPECT_EQ(readable.count("v_payment_scoped"), 0U);
  EXPECT_TRUE(has(readable, "v_rental_scoped", "rental_date"));
  EXPECT_TRUE(has(readable, "v_customer_masked", "first_name_masked"));
  EXPECT_FALSE(has(readable, "v_customer_masked", "first_name"));
  EXPECT_TRUE(has(readable, "film", "title"));
}

TEST_F(PgPrivilegesTest, FinanceReaderHasPaymentColumnsButNoCustomerGeography) {
  const auto readable =
      privileges.readable_columns("reader_finance", catalog_relations(Role::kAdmin));
  EXPECT_TRUE(has(readable, "v_payment_scoped", "amount"));
  EXPECT_FALSE(has(readable, "v_payment_scoped", "customer_city"));
  EXPECT_EQ(readable.count("v_customer_masked"), 0U);
  EXPECT_EQ(readable.count("v_rental_scoped"), 0U);
}

TEST_F(PgPrivilegesTest, BaseTablesAreNeverReadable) {
  const auto readable = privileges.readable_columns(
      "reader_admin", {"payment", "customer", "rental", "staff", "address", "app_users"});
  EXPECT_TRUE(readable.empty());
}

TEST_F(PgPrivilegesTest, CatalogsFromTheDatabaseMatchTheAcceptance) {
  const auto model = semantic::load_model(COPILOT_SEMANTIC_MODEL);
  const auto marketing = build_catalog(
      model, Role::kMarketing,
      privileges.readable_columns("reader_marketing", catalog_relations(Role::kMarketing)));
  for (const auto& view : marketing["views"]) {
    EXPECT_NE(view["name"], "v_payment_scoped");
    for (const auto& c : view["columns"]) {
      EXPECT_EQ(c["name"].get<std::string>().find("amount"), std::string::npos) << c;
    }
  }
  const auto admin =
      build_catalog(model, Role::kAdmin,
                    privileges.readable_columns("reader_admin", catalog_relations(Role::kAdmin)));
  bool masked = false;
  bool unmasked = false;
  for (const auto& view : admin["views"]) {
    if (view["name"] != "v_customer_masked") continue;
    for (const auto& c : view["columns"]) (c["masked"].get<bool>() ? masked : unmasked) = true;
  }
  EXPECT_TRUE(masked && unmasked);
  EXPECT_EQ(admin["metrics"].size(), model.metrics.size());
}

}  // namespace
}  // namespace copilot::catalog
