// The catalog builder against the real semantic model, with the privileges of a fake database:
// what a role's catalog lists is limited by the role matrix AND by what its reader may SELECT.
#include "copilot/catalog/catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "copilot/catalog/role_catalogs.hpp"
#include "copilot/tests/support.hpp"

namespace copilot::catalog {
namespace {

using nlohmann::json;

const semantic::Model& model() {
  static const semantic::Model kModel = semantic::load_model(COPILOT_SEMANTIC_MODEL);
  return kModel;
}

// The columns of each relation as the migrations create them (the catalog's relations only).
const ReadableColumns& all_columns() {
  static const ReadableColumns kAll = [] {
    ReadableColumns out;
    for (const auto& [view, source] : model().sources) {
      for (const auto& c : source.columns) out[view].push_back({c, "text"});
    }
    out["v_payment_scoped"] = {{"payment_id", "integer"},
                               {"customer_id", "integer"},
                               {"staff_id", "integer"},
                               {"rental_id", "integer"},
                               {"inventory_id", "integer"},
                               {"film_id", "integer"},
                               {"store_id", "integer"},
                               {"amount", "numeric(5,2)"},
                               {"payment_date", "timestamp with time zone"},
                               {"customer_city", "text"},
                               {"customer_country", "text"},
                               {"customer_store_id", "integer"}};
    for (const char* reference : {"film_category", "category", "language", "actor", "film_actor",
                                  "store", "city", "country", "v_store_location", "v_data_as_of"}) {
      out[reference] = {{"name", "text"}};
    }
    return out;
  }();
  return kAll;
}

// What the migrations grant each reader: its relations whole, and finance's payment columns only.
ReadableColumns granted(Role role) {
  ReadableColumns out;
  const auto relations = readable_relations(role);
  for (const auto& [relation, columns] : all_columns()) {
    if (relations.count(relation) != 0) out[relation] = columns;
  }
  if (role == Role::kFinance) {
    auto& payment = out["v_payment_scoped"];
    payment.erase(std::remove_if(payment.begin(), payment.end(),
                                 [](const ReadableColumn& c) {
                                   return c.name == "customer_city" ||
                                          c.name == "customer_country" ||
                                          c.name == "customer_store_id";
                                 }),
                  payment.end());
  }
  return out;
}

const json* find_named(const json& items, const std::string& name) {
  for (const auto& item : items) {
    if (item.value("name", "") == name) return &item;
  }
  return nullptr;
}

std::vector<std::string> column_names(const json& catalog) {
  std::vector<std::string> out;
  for (const auto& v : catalog["views"]) {
    for (const auto& c : v["columns"])
      out.push_back(v["name"].get<std::string>() + "." + c["name"].get<std::string>());
  }
  return out;
}

TEST(Catalog, MarketingSeesNoPaymentAmountsAndNoRawCustomerColumns) {
  const auto catalog = build_catalog(model(), Role::kMarketing, granted(Role::kMarketing));
  EXPECT_EQ(catalog["role"], "marketing");
  ASSERT_FALSE(catalog["metrics"].empty());
  for (const auto& m : catalog["metrics"]) {
    EXPECT_NE(m["view"], "v_payment_scoped") << m.dump();
  }
  EXPECT_EQ(find_named(catalog["metrics"], "revenue"), nullptr);
  EXPECT_NE(find_named(catalog["metrics"], "rentals"), nullptr);
  EXPECT_EQ(find_named(catalog["views"], "v_payment_scoped"), nullptr);
  for (const auto& column : column_names(catalog)) {
    EXPECT_EQ(column.find("amount"), std::string::npos) << column;
    EXPECT_NE(column, "v_customer_masked.first_name") << column;
    EXPECT_NE(column, "v_customer_masked.email") << column;
  }
  const auto* customers = find_named(catalog["views"], "v_customer_masked");
  ASSERT_NE(customers, nullptr);
  const auto* first_name = find_named((*customers)["columns"], "first_name_masked");
  ASSERT_NE(first_name, nullptr);
  EXPECT_TRUE((*first_name)["masked"].get<bool>());
  EXPECT_FALSE((*find_named((*customers)["columns"], "city"))["masked"].get<bool>());
}

TEST(Catalog, AdminSeesMaskedAndUnmaskedColumns) {
  const auto catalog = build_catalog(model(), Role::kAdmin, granted(Role::kAdmin));
  EXPECT_NE(find_named(catalog["metrics"], "revenue"), nullptr);
  const auto* payments = find_named(catalog["views"], "v_payment_scoped");
  ASSERT_NE(payments, nullptr);
  EXPECT_NE(find_named((*payments)["columns"], "amount"), nullptr);
  const auto* customers = find_named(catalog["views"], "v_customer_masked");
  ASSERT_NE(customers, nullptr);
  bool masked = false;
  bool unmasked = false;
  for (const auto& c : (*customers)["columns"])
    (c["masked"].get<bool>() ? masked : unmasked) = true;
  EXPECT_TRUE(masked && unmasked) << customers->dump();
  EXPECT_EQ((*payments)["kind"], "scoped");
  EXPECT_EQ((*find_named(catalog["views"], "film"))["kind"], "reference");
}

TEST(Catalog, FinanceSeesPaymentsWithoutCustomerGeography) {
  const auto catalog = build_catalog(model(), Role::kFinance, granted(Role::kFinance));
  const auto* revenue = find_named(catalog["metrics"], "revenue");
  ASSERT_NE(revenue, nullptr);
  const auto dims = (*revenue)["dimensions"];
  EXPECT_NE(std::find(dims.begin(), dims.end(), "store"), dims.end());
  EXPECT_NE(std::find(dims.begin(), dims.end(), "category"), dims.end());
  EXPECT_EQ(std::find(dims.begin(), dims.end(), "city"), dims.end());
  EXPECT_EQ(std::find(dims.begin(), dims.end(), "country"), dims.end());
  EXPECT_EQ(find_named(catalog["metrics"], "rentals"), nullptr);
  EXPECT_EQ(find_named(catalog["metrics"], "rented_out_pct"), nullptr);  // reads open rentals
  for (const auto& column : column_names(catalog)) {
    EXPECT_EQ(column.find("customer_city"), std::string::npos) << column;
  }
}

TEST(Catalog, NeverShowsMoreThanTheDatabaseAllows) {
  // The admin's reader loses payment.amount (a migration revoked it): every measure of amounts
  // goes, the count of payments stays.
  auto readable = granted(Role::kAdmin);
  auto& payment = readable["v_payment_scoped"];
  payment.erase(std::remove_if(payment.begin(), payment.end(),
                               [](const ReadableColumn& c) { return c.name == "amount"; }),
                payment.end());
  const auto catalog = build_catalog(model(), Role::kAdmin, readable);
  EXPECT_EQ(find_named(catalog["metrics"], "revenue"), nullptr);
  EXPECT_EQ(find_named(catalog["metrics"], "avg_payment"), nullptr);
  EXPECT_NE(find_named(catalog["metrics"], "payments"), nullptr);
  // The reader loses the film table: no breakdown by film, category or rating through it.
  readable.erase("film");
  const auto without_film = build_catalog(model(), Role::kAdmin, readable);
  const auto dims = (*find_named(without_film["metrics"], "rentals"))["dimensions"];
  EXPECT_EQ(std::find(dims.begin(), dims.end(), "rating"), dims.end());
  EXPECT_NE(std::find(dims.begin(), dims.end(), "store"), dims.end());
  EXPECT_EQ(find_named(without_film["views"], "film"), nullptr);
}

TEST(Catalog, NeverShowsMoreThanTheRoleMatrixAllows) {
  // A reader granted payments by mistake: marketing's catalog still has no payment measures.
  auto readable = granted(Role::kMarketing);
  readable["v_payment_scoped"] = all_columns().at("v_payment_scoped");
  const auto catalog = build_catalog(model(), Role::kMarketing, readable);
  EXPECT_EQ(find_named(catalog["metrics"], "revenue"), nullptr);
  EXPECT_EQ(find_named(catalog["views"], "v_payment_scoped"), nullptr);
}

TEST(Catalog, EveryMetricHasADescriptionAndExamples) {
  const auto catalog = build_catalog(model(), Role::kAdmin, granted(Role::kAdmin));
  EXPECT_EQ(catalog["metrics"].size(), model().metrics.size());
  for (const auto& m : catalog["metrics"]) {
    EXPECT_FALSE(m["description"].get<std::string>().empty()) << m["name"];
    EXPECT_FALSE(m["examples"].empty()) << m["name"];
  }
  for (const auto& d : catalog["dimensions"]) {
    EXPECT_FALSE(d["label"].get<std::string>().empty()) << d["name"];
  }
}

// Counts the reads, so the cache can be seen working.
class CountingPrivileges final : public PrivilegeSource {
 public:
  ReadableColumns readable_columns(std::string_view reader,
                                   const std::vector<std::string>&) override {
    ++reads;
    last_reader = reader;
    return granted(Role::kMarketing);
  }
  int reads = 0;
  std::string last_reader;
};

TEST(RoleCatalogs, ReadsPrivilegesOncePerRoleAndMinute) {
  CountingPrivileges privileges;
  testing::FakeClock clock;
  RoleCatalogs catalogs(model(), privileges, clock);
  const auto first = catalogs.for_role(Role::kMarketing);
  EXPECT_EQ(privileges.last_reader, "reader_marketing");
  EXPECT_EQ(catalogs.for_role(Role::kMarketing), first);
  EXPECT_EQ(privileges.reads, 1);
  (void)catalogs.for_role(Role::kFinance);
  EXPECT_EQ(privileges.reads, 2);
  clock.advance(RoleCatalogs::kTimeToLive + std::chrono::seconds(1));
  (void)catalogs.for_role(Role::kMarketing);
  EXPECT_EQ(privileges.reads, 3);
}

}  // namespace
}  // namespace copilot::catalog
