// GET /api/catalog over HTTP: the real gateway and copilot on the real database. Each seed user
// gets their own role's catalog, as PostgreSQL's privileges for the role's reader allow it: no
// payment amounts and no raw customer columns for marketing, masked and unmasked columns for
// admin. And the ask answers "what can I ask?" from the same catalog.
#include <gtest/gtest.h>

#include <algorithm>

#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;

void expect_error(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  const auto body = r.json();
  ASSERT_TRUE(body.is_object() && body.contains("error")) << r.body;
  EXPECT_EQ(body["error"].value("code", ""), code) << r.body;
  EXPECT_FALSE(r.header("X-Request-Id").empty());
  EXPECT_EQ(body["error"].value("request_id", ""), r.header("X-Request-Id"));
}

const json* find_named(const json& items, const std::string& name) {
  for (const auto& item : items) {
    if (item.value("name", "") == name) return &item;
  }
  return nullptr;
}

// Every column of the catalog, as view.column.
std::vector<std::string> columns_of(const json& catalog) {
  std::vector<std::string> out;
  for (const auto& v : catalog["views"]) {
    for (const auto& c : v["columns"]) {
      out.push_back(v["name"].get<std::string>() + "." + c["name"].get<std::string>());
    }
  }
  return out;
}

// One stack (gateway + real copilot) for the suite: starting a copilot takes seconds.
class GatewayCatalog : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new Stack(); }  // NOLINT(cppcoreguidelines-owning-memory)
  static void TearDownTestSuite() {
    delete stack_;  // NOLINT(cppcoreguidelines-owning-memory)
    stack_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(stack().real_copilot()) << "needs the real copilot binary (build target copilot)";
  }
  static Stack& stack() { return *stack_; }
  static json catalog_of(const std::string& username, const std::string& password) {
    const auto r = stack().get("/api/catalog", stack().login(username, password));
    EXPECT_EQ(r.status, 200) << username << ": " << r.body;
    EXPECT_FALSE(r.header("X-Request-Id").empty());
    return r.json();
  }

 private:
  static Stack* stack_;
};
Stack* GatewayCatalog::stack_ = nullptr;

TEST_F(GatewayCatalog, EachSeedUserGetsTheirRolesCatalogAndStores) {
  for (const auto& user : seed_users()) {
    const auto catalog = catalog_of(user.username, user.password);
    ASSERT_TRUE(catalog.is_object()) << user.username;
    EXPECT_EQ(catalog["role"], user.role) << user.username;
    EXPECT_EQ(catalog["store_ids"].get<std::vector<int>>(), user.stores) << user.username;
    EXPECT_EQ(catalog["is_all_stores"].get<bool>(), user.all_stores) << user.username;
    ASSERT_FALSE(catalog["metrics"].empty()) << user.username;
    for (const auto& m : catalog["metrics"]) {
      EXPECT_FALSE(m["examples"].empty()) << user.username << " " << m["name"];
      EXPECT_FALSE(m["description"].get<std::string>().empty()) << m["name"];
    }
    EXPECT_FALSE(catalog["dimensions"].empty()) << user.username;
    EXPECT_NE(find_named(catalog["views"], "film"), nullptr) << user.username;
  }
}

TEST_F(GatewayCatalog, MarketingSeesNoPaymentAmountsAndNoRawCustomerColumns) {
  const auto catalog = catalog_of("marketing_user", "marketing123");
  EXPECT_EQ(find_named(catalog["views"], "v_payment_scoped"), nullptr);
  for (const auto& m : catalog["metrics"]) {
    EXPECT_NE(m["view"], "v_payment_scoped") << m["name"];
  }
  EXPECT_EQ(find_named(catalog["metrics"], "revenue"), nullptr);
  EXPECT_EQ(find_named(catalog["metrics"], "avg_payment"), nullptr);
  EXPECT_NE(find_named(catalog["metrics"], "rentals"), nullptr);
  for (const auto& column : columns_of(catalog)) {
    EXPECT_EQ(column.find("amount"), std::string::npos) << column;
  }
  // Customer data only through the masked view: no base table, no raw name, email or address.
  for (const char* base : {"customer", "address", "payment", "rental", "staff"}) {
    EXPECT_EQ(find_named(catalog["views"], base), nullptr) << base;
  }
  for (const auto& column : columns_of(catalog)) {
    for (const char* raw :
         {"v_customer_masked.first_name", "v_customer_masked.last_name", "v_customer_masked.email",
          "v_customer_masked.address", "v_customer_masked.phone"}) {
      EXPECT_NE(column, raw);
    }
  }
  const auto* customers = find_named(catalog["views"], "v_customer_masked");
  ASSERT_NE(customers, nullptr);
  for (const auto& c : (*customers)["columns"]) {
    const auto name = c["name"].get<std::string>();
    EXPECT_EQ(c["masked"].get<bool>(), name.find("_masked") != std::string::npos) << name;
  }
}

TEST_F(GatewayCatalog, AdminSeesMaskedAndUnmaskedColumns) {
  const auto catalog = catalog_of("admin_user", "admin123");
  const auto* customers = find_named(catalog["views"], "v_customer_masked");
  ASSERT_NE(customers, nullptr);
  const auto* first_name = find_named((*customers)["columns"], "first_name_masked");
  const auto* city = find_named((*customers)["columns"], "city");
  ASSERT_NE(first_name, nullptr);
  ASSERT_NE(city, nullptr);
  EXPECT_TRUE((*first_name)["masked"].get<bool>());
  EXPECT_FALSE((*city)["masked"].get<bool>());
  const auto* payments = find_named(catalog["views"], "v_payment_scoped");
  ASSERT_NE(payments, nullptr);
  const auto* amount = find_named((*payments)["columns"], "amount");
  ASSERT_NE(amount, nullptr);
  EXPECT_FALSE((*amount)["masked"].get<bool>());
  EXPECT_NE(find_named(catalog["metrics"], "revenue"), nullptr);
}

TEST_F(GatewayCatalog, FinanceSeesPaymentsButNoCustomerDataOrRentals) {
  const auto catalog = catalog_of("finance_user", "finance123");
  EXPECT_EQ(find_named(catalog["views"], "v_customer_masked"), nullptr);
  EXPECT_EQ(find_named(catalog["views"], "v_rental_scoped"), nullptr);
  const auto* payments = find_named(catalog["views"], "v_payment_scoped");
  ASSERT_NE(payments, nullptr);
  EXPECT_NE(find_named((*payments)["columns"], "amount"), nullptr);
  // Granted column by column, without the customer's city and country.
  EXPECT_EQ(find_named((*payments)["columns"], "customer_city"), nullptr);
  EXPECT_EQ(find_named(catalog["metrics"], "rentals"), nullptr);
}

TEST_F(GatewayCatalog, NeedsAToken) {
  expect_error(stack().get("/api/catalog"), 401, "unauthorized");
  expect_error(stack().get("/api/catalog", "not.a.token"), 401, "unauthorized");
}

TEST_F(GatewayCatalog, OtherMethodsAre405WithAllow) {
  const std::string token = stack().login("admin_user", "admin123");
  for (const char* method : {"POST", "PUT", "DELETE"}) {
    const auto r = stack().request(method, "/api/catalog", {{"Authorization", "Bearer " + token}});
    expect_error(r, 405, "method_not_allowed");
    EXPECT_EQ(r.header("Allow"), "GET") << method;
  }
}

TEST_F(GatewayCatalog, WhatCanIAskIsAnsweredFromTheCallersCatalog) {
  const std::string token = stack().login("marketing_user", "marketing123");
  const auto r = stack().post_json("/api/ask", {{"question", "What can I ask?"}}, token);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["intent"], "catalog");
  EXPECT_EQ(body["sql"], "");
  EXPECT_NE(body["answer"].get<std::string>().find("Rentals"), std::string::npos) << r.body;
  EXPECT_EQ(body["answer"].get<std::string>().find("Revenue"), std::string::npos) << r.body;
  EXPECT_FALSE(body["suggestions"].empty());

  const auto rentals =
      stack().post_json("/api/ask", {{"question", "What data do you have about rentals?"}}, token);
  ASSERT_EQ(rentals.status, 200) << rentals.body;
  const auto about = rentals.json();
  EXPECT_EQ(about["intent"], "catalog");
  std::vector<std::string> measures;
  for (const auto& row : about["rows"]) measures.push_back(row[0].get<std::string>());
  EXPECT_NE(std::find(measures.begin(), measures.end(), "Rentals"), measures.end()) << rentals.body;
  EXPECT_EQ(std::find(measures.begin(), measures.end(), "Customers"), measures.end())
      << rentals.body;
}

}  // namespace
}  // namespace gateway::testing
