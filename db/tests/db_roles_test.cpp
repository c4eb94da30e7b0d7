// The database must refuse on its own what a role may not see (DESIGN.md, defence layer 5).
// These tests connect as the analytics login, SET LOCAL ROLE to each reader, and check every
// object class of the role matrix. Expected counts come from the base tables, read as the
// postgres superuser over the local socket. A missing server fails these tests; it never skips.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "common/config/env.hpp"
#include "common/db/org_transaction.hpp"
#include "common/db/sqlstate.hpp"
#include "common/roles/roles.hpp"

namespace {

using common::Role;

// A database URL from the environment; a missing one fails the test (never a skip).
std::string database_url(const char* name) {
  auto url = common::config::env(name);
  if (!url) {
    ADD_FAILURE() << name << " is not set: run through `make test` (it loads .env)";
    return "postgresql://invalid@127.0.0.1:1/none";
  }
  return *url;
}

std::string analytics_url() { return database_url("ANALYTICS_DATABASE_URL"); }

std::string db_name() { return common::config::env_or("COPILOT_DB_NAME", "copilot"); }

// Runs a command and returns its standard output (trailing newline removed).
std::string run(const std::string& command) {
  struct PipeCloser {
    void operator()(FILE* f) const { pclose(f); }
  };
  std::unique_ptr<FILE, PipeCloser> pipe(popen(command.c_str(), "r"));
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0) out.append(buffer.data(), n);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// A query on the base tables as the postgres superuser (the independent side of a comparison).
std::string superuser_scalar(const std::string& sql) {
  return run("cd / && runuser -u postgres -- psql -X -At -d " + db_name() + " -c \"" + sql + "\"");
}

struct Outcome {
  bool ok = false;
  std::string sqlstate;
  std::string message;
  std::string value;  // first column of the first row, when ok
};

// Runs one statement the way the copilot does: one read-only transaction, SET LOCAL ROLE, the
// scope as a transaction-local setting (omitted when scope is empty), then the statement alone.
// read_only=false tests the grants alone, without the read-only transaction in front of them.
Outcome as_reader(Role role, const std::string& scope, const std::string& sql,
                  int timeout_ms = 5000, bool read_only = true) {
  pqxx::connection conn(analytics_url());
  Outcome out;
  try {
    pqxx::work tx(conn);
    if (read_only) tx.exec("SET TRANSACTION READ ONLY");
    tx.exec("SET LOCAL ROLE " + std::string(common::reader_role(role)));
    tx.exec("SET LOCAL statement_timeout = " + std::to_string(timeout_ms));
    if (!scope.empty()) tx.exec("SET LOCAL app.store_ids = " + tx.quote(scope));
    conn.prepare("q", sql);
    auto result = tx.exec_prepared("q");
    out.ok = true;
    if (!result.empty() && !result[0].empty() && !result[0][0].is_null()) {
      out.value = result[0][0].c_str();
    }
    tx.abort();
  } catch (const pqxx::sql_error& e) {
    out.sqlstate = common::db::sqlstate_of(e);
    out.message = e.what();
  }
  return out;
}

constexpr std::array kRoles = {Role::kAdmin, Role::kStoreManager, Role::kMarketing, Role::kFinance};

std::string role_label(Role role) { return std::string(common::role_name(role)); }

// ---- allowed objects are readable ------------------------------------------------------------

struct ReadCase {
  Role role;
  std::string relation;
};

class ReaderCanRead : public ::testing::TestWithParam<ReadCase> {};

TEST_P(ReaderCanRead, AllowedRelationIsReadable) {
  const auto& c = GetParam();
  auto out = as_reader(c.role, "1,2", "SELECT count(*) FROM " + c.relation);
  ASSERT_TRUE(out.ok) << c.relation << ": " << out.message;
  EXPECT_GT(std::stol(out.value), 0) << c.relation << " returned no rows for stores 1,2";
}

std::vector<ReadCase> allowed_cases() {
  std::vector<ReadCase> cases;
  for (Role role : kRoles) {
    for (const auto& relation : common::readable_relations(role)) cases.push_back({role, relation});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Matrix, ReaderCanRead, ::testing::ValuesIn(allowed_cases()),
                         [](const auto& param_info) {
                           return role_label(param_info.param.role) + "_" +
                                  param_info.param.relation;
                         });

// ---- forbidden objects are refused with a permission error ----------------------------------

struct DenyCase {
  Role role;
  std::string name;
  std::string sql;
};

class ReaderIsRefused : public ::testing::TestWithParam<DenyCase> {};

TEST_P(ReaderIsRefused, ForbiddenObjectRaisesPermissionError) {
  const auto& c = GetParam();
  // Read-write transaction: the grants must refuse on their own.
  auto out = as_reader(c.role, "1,2", c.sql, 5000, /*read_only=*/false);
  EXPECT_FALSE(out.ok) << c.sql << " was allowed for " << role_label(c.role);
  EXPECT_EQ(out.sqlstate, "42501") << c.sql << ": " << out.message;  // insufficient_privilege
}

std::vector<DenyCase> forbidden_cases() {
  const std::vector<std::pair<std::string, std::string>> everyone = {
      {"base_payment", "SELECT count(*) FROM payment"},
      {"base_payment_partition", "SELECT count(*) FROM payment_p2022_07"},
      {"base_rental", "SELECT count(*) FROM rental"},
      {"base_customer", "SELECT count(*) FROM customer"},
      {"base_staff", "SELECT count(*) FROM staff"},
      {"base_address", "SELECT address, phone FROM address"},
      {"pagila_view_customer_list", "SELECT count(*) FROM customer_list"},
      {"pagila_view_sales_by_store", "SELECT count(*) FROM sales_by_store"},
      {"pagila_function_rewards_report", "SELECT count(*) FROM rewards_report(0, 0)"},
      {"app_users", "SELECT count(*) FROM app_users"},
      {"app_audit_logs", "SELECT count(*) FROM query_audit_logs"},
      {"app_audit_events", "SELECT count(*) FROM query_audit_events"},
      {"app_rag_documents", "SELECT count(*) FROM rag_documents"},
      {"app_conversations", "SELECT count(*) FROM conversations"},
      {"catalog_pg_authid", "SELECT count(*) FROM pg_catalog.pg_authid"},
      {"function_pg_read_file", "SELECT pg_read_file('/etc/passwd')"},
      {"function_set_config", "SELECT set_config('app.store_ids', '1,2', true)"},
      {"function_pg_sleep", "SELECT pg_sleep(10)"},
      {"function_lo_import", "SELECT lo_import('/etc/passwd')"},
      {"function_query_to_xml", "SELECT query_to_xml('select 1', true, true, '')"},
      {"write_insert_film", "INSERT INTO film (title, language_id) VALUES ('x', 1)"},
      {"write_update_film", "UPDATE film SET rental_rate = 0"},
      {"write_delete_inventory", "DELETE FROM inventory"},
      {"ddl_create_table", "CREATE TABLE public.stolen (a int)"},
  };
  std::vector<DenyCase> cases;
  for (Role role : kRoles) {
    for (const auto& [name, sql] : everyone) cases.push_back({role, name, sql});
  }
  // Views outside the role's column of the matrix.
  cases.push_back({Role::kMarketing, "view_payment", "SELECT count(*) FROM v_payment_scoped"});
  cases.push_back({Role::kFinance, "view_rental", "SELECT count(*) FROM v_rental_scoped"});
  cases.push_back({Role::kFinance, "view_customer", "SELECT count(*) FROM v_customer_masked"});
  // Finance reads payments but no customer data: the payment view's customer columns are not
  // granted to it.
  cases.push_back({Role::kFinance, "payment_customer_city",
                   "SELECT customer_city FROM v_payment_scoped LIMIT 1"});
  cases.push_back({Role::kFinance, "payment_customer_country",
                   "SELECT count(DISTINCT customer_country) FROM v_payment_scoped"});
  cases.push_back({Role::kFinance, "payment_customer_home_store",
                   "SELECT count(*) FROM v_payment_scoped WHERE customer_store_id = 1"});
  cases.push_back({Role::kFinance, "payment_customer_status",
                   "SELECT count(*) FROM v_payment_scoped WHERE customer_active = 0"});
  cases.push_back({Role::kFinance, "payment_star", "SELECT * FROM v_payment_scoped LIMIT 1"});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Matrix, ReaderIsRefused, ::testing::ValuesIn(forbidden_cases()),
                         [](const auto& param_info) {
                           return role_label(param_info.param.role) + "_" + param_info.param.name;
                         });

// Writes to readable objects fail too: the transaction is read-only even where a grant exists.
// The read-only transaction refuses writes on its own, before any grant is looked at.
TEST(ReaderWrites, ReadOnlyTransactionRefusesWrites) {
  for (const std::string sql : {"UPDATE film SET rental_rate = 0", "DELETE FROM inventory",
                                "CREATE TEMP TABLE t (a int)"}) {
    auto out = as_reader(Role::kAdmin, "1,2", sql);
    EXPECT_FALSE(out.ok) << sql;
    EXPECT_EQ(out.sqlstate, "25006") << sql << ": " << out.message;  // read_only_sql_transaction
  }
}

TEST(ReaderWrites, DblinkIsNotInstalledOrNotExecutable) {
  const auto installed =
      superuser_scalar("SELECT count(*) FROM pg_extension WHERE extname = 'dblink'");
  ASSERT_FALSE(installed.empty()) << "cannot query the database as postgres";
  auto out = as_reader(Role::kAdmin, "1,2",
                       "SELECT * FROM dblink('host=127.0.0.1', 'select 1') AS t(a int)");
  EXPECT_FALSE(out.ok);
  // 42883 undefined_function when absent, 42501 when present but not granted.
  EXPECT_TRUE(out.sqlstate == "42883" || out.sqlstate == "42501") << out.message;
}

// ---- scope --------------------------------------------------------------------------------

struct ScopeCase {
  std::string view;
  std::string base_sql;  // the same count on the base tables, with "%s" for the store list
};

class ScopeFilter : public ::testing::TestWithParam<ScopeCase> {};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST_P(ScopeFilter, RowCountsEqualBaseTablesForEachScope) {
  const auto& c = GetParam();
  for (const std::string scope : {"1", "2", "1,2"}) {
    const auto expected = superuser_scalar(replace_all(c.base_sql, "%s", scope));
    ASSERT_FALSE(expected.empty()) << "base-table query failed: " << c.base_sql;
    auto out = as_reader(Role::kAdmin, scope, "SELECT count(*) FROM " + c.view);
    ASSERT_TRUE(out.ok) << out.message;
    EXPECT_EQ(out.value, expected) << c.view << " with scope " << scope;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Views, ScopeFilter,
    ::testing::Values(
        ScopeCase{"v_payment_scoped",
                  "SELECT count(*) FROM payment p JOIN rental r ON r.rental_id = p.rental_id "
                  "JOIN inventory i ON i.inventory_id = r.inventory_id WHERE i.store_id IN (%s)"},
        ScopeCase{"v_rental_scoped",
                  "SELECT count(*) FROM rental r JOIN inventory i ON i.inventory_id = "
                  "r.inventory_id WHERE i.store_id IN (%s)"},
        ScopeCase{"v_customer_masked", "SELECT count(*) FROM customer WHERE store_id IN (%s)"},
        ScopeCase{"inventory", "SELECT count(*) FROM inventory WHERE store_id IN (%s)"}),
    [](const auto& param_info) { return param_info.param.view; });

// One figure read through a scoped view as `role`, and the same figure from the base tables as the
// superuser: they must agree. Returns the view's figure ("" when the read failed).
std::string expect_view_equals_base(Role role, const std::string& scope,
                                    const std::string& view_sql, const std::string& base_sql) {
  const auto expected = superuser_scalar(base_sql);
  const auto out = as_reader(role, scope, view_sql);
  EXPECT_TRUE(out.ok) << out.message;
  EXPECT_EQ(out.value, expected) << view_sql;
  return out.ok ? out.value : std::string();
}

TEST(ScopeFilter, Store1RevenueEqualsBaseTables) {
  expect_view_equals_base(
      Role::kFinance, "1", "SELECT sum(amount) FROM v_payment_scoped",
      "SELECT sum(p.amount) FROM payment p JOIN rental r ON r.rental_id = p.rental_id JOIN "
      "inventory i ON i.inventory_id = r.inventory_id WHERE i.store_id = 1");
}

// A store's payments include customers of other stores; their city and country come with the
// payment (what the store-1 manager may see is the store's transactions, not the customer list).
TEST(ScopeFilter, Store1PaymentsCarryEveryPayingCustomersCountry) {
  expect_view_equals_base(
      Role::kStoreManager, "1", "SELECT count(DISTINCT customer_country) FROM v_payment_scoped",
      "SELECT count(DISTINCT co.country) FROM payment p JOIN rental r ON r.rental_id = "
      "p.rental_id JOIN inventory i ON i.inventory_id = r.inventory_id JOIN customer c ON "
      "c.customer_id = p.customer_id JOIN address a ON a.address_id = c.address_id JOIN city ci "
      "ON ci.city_id = a.city_id JOIN country co ON co.country_id = ci.country_id WHERE "
      "i.store_id = 1");
  auto rentals = as_reader(Role::kMarketing, "1,2",
                           "SELECT count(*) FROM v_rental_scoped WHERE customer_city IS NULL");
  ASSERT_TRUE(rentals.ok) << rentals.message;
  EXPECT_EQ(rentals.value, "0");
}

// A store's rentals by its customers who are registered elsewhere: the home store the view
// carries is the customer's own (customer.store_id), not the store of the rental.
TEST(ScopeFilter, Store1RentalsCarryTheRentingCustomersHomeStore) {
  const auto away = expect_view_equals_base(
      Role::kStoreManager, "1", "SELECT count(*) FROM v_rental_scoped WHERE customer_store_id = 2",
      "SELECT count(*) FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN "
      "customer c ON c.customer_id = r.customer_id WHERE i.store_id = 1 AND c.store_id = 2");
  // (Not an empty agreement: store 1 does rent to customers registered at store 2.)
  EXPECT_NE(away, "0");
  EXPECT_NE(away, "");
}

// Inactive customers who rented at store 1, wherever they are registered: the status is the
// renting customer's own, read from the rental — not through the customer view, which a store-1
// manager sees only for store 1's own customers.
TEST(ScopeFilter, Store1RentalsCarryTheRentingCustomersStatus) {
  const auto inactive = expect_view_equals_base(
      Role::kStoreManager, "1",
      "SELECT count(DISTINCT customer_id) FROM v_rental_scoped WHERE customer_active = 0",
      "SELECT count(DISTINCT r.customer_id) FROM rental r JOIN inventory i ON i.inventory_id = "
      "r.inventory_id JOIN customer c ON c.customer_id = r.customer_id WHERE i.store_id = 1 AND "
      "c.active = 0");
  EXPECT_NE(inactive, "0");
  EXPECT_NE(inactive, "");
}

class NoScope : public ::testing::TestWithParam<std::string> {};

TEST_P(NoScope, ViewReturnsNoRowsWhenScopeIsUnset) {
  auto out = as_reader(Role::kAdmin, "", "SELECT count(*) FROM " + GetParam());
  ASSERT_TRUE(out.ok) << out.message;
  EXPECT_EQ(out.value, "0");
}

INSTANTIATE_TEST_SUITE_P(Views, NoScope,
                         ::testing::Values("v_payment_scoped", "v_rental_scoped",
                                           "v_customer_masked", "inventory"));

TEST(Scope, EmptyScopeStringReturnsNoRows) {
  auto out = as_reader(Role::kStoreManager, " ", "SELECT count(*) FROM v_rental_scoped");
  EXPECT_TRUE(!out.ok || out.value == "0") << out.value;
}

TEST(Scope, QueryCannotWidenItsOwnScopeWithSetConfig) {
  auto out = as_reader(Role::kStoreManager, "1",
                       "SELECT set_config('app.store_ids', '1,2', true), "
                       "(SELECT count(*) FROM v_payment_scoped WHERE store_id = 2)");
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.sqlstate, "42501") << out.message;
}

TEST(Scope, SeveralStatementsAreRefusedByTheExtendedProtocol) {
  auto out = as_reader(Role::kStoreManager, "1",
                       "SET LOCAL app.store_ids = '1,2'; SELECT count(*) FROM v_payment_scoped");
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.sqlstate, "42601") << out.message;  // cannot insert multiple commands
}

TEST(Scope, OtherStoresRowsAreInvisibleEvenWhenAskedFor) {
  auto out = as_reader(Role::kStoreManager, "1",
                       "SELECT count(*) FROM v_payment_scoped WHERE store_id = 2");
  ASSERT_TRUE(out.ok) << out.message;
  EXPECT_EQ(out.value, "0");
}

TEST(Masking, CustomerViewExposesNoRawNamesOrAddress) {
  auto out = as_reader(Role::kAdmin, "1,2",
                       "SELECT count(*) FROM v_customer_masked WHERE first_name_masked NOT LIKE "
                       "'_***' OR last_name_masked NOT LIKE '_***' OR email_masked NOT LIKE "
                       "'_***@%'");
  ASSERT_TRUE(out.ok) << out.message;
  EXPECT_EQ(out.value, "0");
  for (const std::string column : {"first_name", "last_name", "email", "address", "phone"}) {
    auto leak = as_reader(Role::kAdmin, "1,2", "SELECT " + column + " FROM v_customer_masked");
    EXPECT_FALSE(leak.ok) << column << " is exposed";
    EXPECT_EQ(leak.sqlstate, "42703") << leak.message;  // undefined_column
  }
}

// ---- limits -------------------------------------------------------------------------------

TEST(Timeout, StatementTimeoutCancelsRunawayCrossJoin) {
  auto out = as_reader(Role::kAdmin, "1,2", "SELECT count(*) FROM film a, film b, film c, film d",
                       /*timeout_ms=*/300);
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.sqlstate, "57014") << out.message;  // query_canceled
}

TEST(Roles, AnalyticsLoginHasNoPrivilegesWithoutSetRole) {
  pqxx::connection conn(analytics_url());
  pqxx::work tx(conn);
  EXPECT_THROW(tx.exec("SELECT count(*) FROM film"), pqxx::sql_error);
}

TEST(Roles, AnalyticsLoginCannotBecomeTheAppOrSuperuser) {
  for (const std::string role : {"copilot_app", "postgres"}) {
    pqxx::connection conn(analytics_url());
    pqxx::work tx(conn);
    EXPECT_THROW(tx.exec("SET LOCAL ROLE " + role), pqxx::sql_error) << role;
  }
}

// ---- the audit trail is append-only for the app ---------------------------------------------

std::string app_url() { return database_url("APP_DATABASE_URL"); }

// Runs one statement as the app role (the login both services use) in a transaction that is
// always rolled back, so a statement that the database wrongly allows changes nothing either.
// Scoped to organisation 1, as the services scope every transaction (db_orgs_test.cpp checks
// what another organisation, or none, may do).
Outcome as_app(const std::string& sql) {
  pqxx::connection conn(app_url());
  Outcome out;
  try {
    common::db::OrgTransaction tx(conn, 1);
    tx.exec(sql);
    out.ok = true;
    tx.abort();
  } catch (const pqxx::sql_error& e) {
    out.sqlstate = common::db::sqlstate_of(e);
    out.message = e.what();
  }
  return out;
}

TEST(AuditTrail, AppCannotEraseOrRewriteAuditRows) {
  for (const std::string sql : {
           "DELETE FROM query_audit_events",
           "DELETE FROM query_audit_logs",
           "TRUNCATE query_audit_events",
           "TRUNCATE query_audit_logs",
           "UPDATE query_audit_events SET status = 'ok'",
           "UPDATE query_audit_events SET details = '{}'::jsonb",
           "UPDATE query_audit_logs SET question = 'nothing to see'",
           "UPDATE query_audit_logs SET final_sql = NULL",
           "UPDATE query_audit_logs SET username = 'someone else'",
       }) {
    const Outcome out = as_app(sql);
    EXPECT_FALSE(out.ok) << sql;
    EXPECT_EQ(out.sqlstate, "42501") << sql << ": " << out.message;  // insufficient_privilege
  }
}

// The dataset export's scrubber is told only the customer PII already in the texts it holds:
// the app can list no customer's name, e-mail, street address or phone.
TEST(CustomerPii, TheAppLearnsOnlyTermsAlreadyInItsTexts) {
  for (const std::string sql :
       {"SELECT * FROM customer_pii_terms()", "SELECT * FROM customer", "SELECT * FROM address"}) {
    const Outcome out = as_app(sql);
    EXPECT_FALSE(out.ok) << sql;
    EXPECT_EQ(out.sqlstate, "42501") << sql << ": " << out.message;
  }
  pqxx::connection conn(app_url());
  common::db::OrgTransaction tx(conn, 1);
  const auto terms = [&](const std::string& texts) {
    std::set<std::string> out;
    for (const auto& r : tx.exec("SELECT kind || ':' || term || '>' || replacement "
                                 "FROM customer_pii_terms_in(" +
                                 texts + ")")) {
      out.insert(r[0].as<std::string>());
    }
    return out;
  };
  EXPECT_TRUE(terms("ARRAY[]::text[]").empty());
  EXPECT_TRUE(terms("ARRAY['top 5 categories by revenue in July']").empty());
  // The name, e-mail, address and phone of customer 1 (MARY SMITH), written as people write.
  const auto found = terms(
      "ARRAY['how much did Mary Smith''s family pay?', 'mail MARY.SMITH@sakilacustomer.org.', "
      "'she lives at 1913 hanoi way', 'call 28303384290']");
  EXPECT_EQ(found,
            (std::set<std::string>{"first_name:MARY>M***", "last_name:SMITH>S***",
                                   "email:MARY.SMITH@sakilacustomer.org>M***@sakilacustomer.org",
                                   "address:1913 Hanoi Way>[address]",
                                   // WAY is a customer's last name too (it is in the text)
                                   "last_name:WAY>W***", "phone:28303384290>[phone]"}));
  // Part of an address is not the address.
  EXPECT_TRUE(terms("ARRAY['1913 is a year']").empty());
}

TEST(AuditTrail, AppAppendsAndTheGatewayMaySetARequestsOutcome) {
  // What the services do: insert rows, and the gateway's ON CONFLICT update of the outcome.
  const std::string id = "'db-test-audit-append'";
  const Outcome out = as_app(
      "WITH log AS (INSERT INTO query_audit_logs (request_id, status, source) VALUES (" + id +
      ", 'completed', 'copilot') ON CONFLICT (request_id) DO UPDATE SET status = EXCLUDED.status, "
      "error_stage = 'gateway', error_code = 'bad_gateway', error_message = 'x', "
      "source = 'gateway', http_status = 502 RETURNING request_id) "
      "INSERT INTO query_audit_events (request_id, seq, stage, status, duration_ms, details) "
      "SELECT request_id, 0, 'policy', 'ok', 0.1, '{}'::jsonb FROM log");
  EXPECT_TRUE(out.ok) << out.message;
  const Outcome update = as_app(
      "UPDATE query_audit_logs SET status = status, error_stage = error_stage, "
      "error_code = error_code, error_message = error_message, source = source, "
      "http_status = http_status WHERE request_id = " +
      id);
  EXPECT_TRUE(update.ok) << update.message;
}

// ---- policy versions are append-only for the app --------------------------------------------

TEST(PolicyVersions, AppCannotRewriteOrEraseAVersion) {
  for (const std::string sql : {
           "UPDATE policy_versions SET rules = '{\"rules\": []}'::jsonb",
           "UPDATE policy_versions SET comment = 'nothing changed'",
           "UPDATE policy_versions SET version = version + 1000",
           "DELETE FROM policy_versions",
           "TRUNCATE policy_versions",
       }) {
    const Outcome out = as_app(sql);
    EXPECT_FALSE(out.ok) << sql;
    EXPECT_EQ(out.sqlstate, "42501") << sql << ": " << out.message;  // insufficient_privilege
  }
}

TEST(PolicyVersions, AppReadsAndAppendsVersions) {
  // What the gateway does when an admin saves (rolled back by as_app).
  const Outcome out = as_app(
      "INSERT INTO policy_versions (version, rules, source, created_by, created_by_username, "
      "comment) SELECT coalesce(max(version), 0) + 1, '{\"rules\": []}'::jsonb, 'api', 1, "
      "'admin_user', 'db test' FROM policy_versions");
  EXPECT_TRUE(out.ok) << out.message;
  EXPECT_TRUE(as_app("SELECT count(*) FROM policy_versions").ok);
  // A version says who saved it: an admin's save without one is refused by the table.
  EXPECT_EQ(as_app("INSERT INTO policy_versions (version, rules, source) VALUES "
                   "(9000000000, '{}'::jsonb, 'api')")
                .sqlstate,
            "23514");  // check_violation
}

TEST(PolicyVersions, NoReaderSeesThePolicy) {
  for (Role role : kRoles) {
    const auto out = as_reader(role, "1,2", "SELECT count(*) FROM policy_versions");
    EXPECT_EQ(out.sqlstate, "42501") << role_label(role) << ": " << out.message;
  }
}

// ---- inventory: row-level security keeps each reader to its stores ---------------------------

TEST(Inventory, EveryReaderSeesOnlyItsStoresRows) {
  for (const Role role : {Role::kAdmin, Role::kStoreManager, Role::kMarketing, Role::kFinance}) {
    for (const std::string scope : {"1", "2", "1,2"}) {
      const auto expected =
          superuser_scalar("SELECT count(*) FROM inventory WHERE store_id IN (" + scope + ")");
      ASSERT_FALSE(expected.empty());
      auto out = as_reader(role, scope, "SELECT count(*) FROM inventory");
      ASSERT_TRUE(out.ok) << out.message;
      EXPECT_EQ(out.value, expected) << common::reader_role(role) << " scope " << scope;
      auto others = as_reader(role, scope,
                              "SELECT count(*) FROM film f JOIN inventory i ON i.film_id = "
                              "f.film_id WHERE NOT (i.store_id = ANY ('{" +
                                  scope + "}'))");
      ASSERT_TRUE(others.ok) << others.message;
      EXPECT_EQ(others.value, "0") << common::reader_role(role) << " scope " << scope;
    }
  }
  // The two stores together are the whole table: nothing is hidden from a reader of every store.
  EXPECT_EQ(as_reader(Role::kAdmin, "1,2", "SELECT count(*) FROM inventory").value,
            superuser_scalar("SELECT count(*) FROM inventory"));
}

TEST(Inventory, NoScopeMeansNoRowsForEveryReader) {
  for (const Role role : {Role::kAdmin, Role::kStoreManager, Role::kMarketing, Role::kFinance}) {
    auto out = as_reader(role, "", "SELECT count(*) FROM inventory");
    ASSERT_TRUE(out.ok) << out.message;
    EXPECT_EQ(out.value, "0") << common::reader_role(role);
  }
}

// The scoped views join inventory as their owner: row-level security does not change them.
TEST(Inventory, ViewsJoiningInventoryKeepTheirCounts) {
  for (const std::string scope : {"1", "2", "1,2"}) {
    for (const auto& [view, base] : std::vector<std::pair<std::string, std::string>>{
             {"v_payment_scoped",
              "SELECT count(*) FROM payment p JOIN rental r ON r.rental_id = p.rental_id JOIN "
              "inventory i ON i.inventory_id = r.inventory_id WHERE i.store_id IN (" +
                  scope + ")"},
             {"v_rental_scoped",
              "SELECT count(*) FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id "
              "WHERE i.store_id IN (" +
                  scope + ")"}}) {
      auto out = as_reader(Role::kStoreManager, scope, "SELECT count(*) FROM " + view);
      ASSERT_TRUE(out.ok) << out.message;
      EXPECT_EQ(out.value, superuser_scalar(base)) << view << " scope " << scope;
    }
  }
}

TEST(Inventory, RowSecurityIsOnAndNotForcedOnTheOwner) {
  EXPECT_EQ(superuser_scalar("SELECT relrowsecurity::text || ',' || relforcerowsecurity::text "
                             "FROM pg_class WHERE oid = 'public.inventory'::regclass"),
            "true,false");
  // The app login (no grant on inventory) still cannot read it at all.
  EXPECT_EQ(as_app("SELECT count(*) FROM inventory").sqlstate, "42501");
}

// ---- migrations ---------------------------------------------------------------------------

TEST(Migrations, ApplyingTwiceChangesNothing) {
  const std::string root = run("git rev-parse --show-toplevel");
  // pg_dump (15.14+) writes \\restrict lines with a random key on every run: left out.
  const std::string dump = "cd / && runuser -u postgres -- pg_dump --schema-only --no-owner -d " +
                           db_name() +
                           " | grep -v -e '^--' -e '^.restrict' -e '^.unrestrict' | sha256sum";
  const std::string before = run(dump);
  const std::string dbmate =
      "cd / && runuser -u postgres -- env DATABASE_URL='postgres://postgres@/" + db_name() +
      "?socket=/var/run/postgresql&sslmode=disable' " + root +
      "/db/node_modules/@dbmate/linux-x64/bin/dbmate --migrations-dir " + root +
      "/db/migrations --no-dump-schema";
  const std::string up = run(dbmate + " up 2>&1");
  EXPECT_EQ(up.find("Applying"), std::string::npos) << up;
  EXPECT_NE(run(dbmate + " status 2>&1").find("Pending: 0"), std::string::npos);
  EXPECT_EQ(run(dump), before);
}

}  // namespace
