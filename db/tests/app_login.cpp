#include "db/tests/app_login.hpp"

#include <gtest/gtest.h>

#include "common/config/env.hpp"
#include "common/db/org_transaction.hpp"
#include "common/db/sqlstate.hpp"

namespace db_testing {

std::string app_url() {
  auto url = common::config::env("APP_DATABASE_URL");
  if (!url) {
    ADD_FAILURE() << "APP_DATABASE_URL is not set: run through `make test` (it loads .env)";
    return "postgresql://invalid@127.0.0.1:1/none";
  }
  return *url;
}

long long user_id_of(pqxx::connection& conn, const std::string& username) {
  pqxx::work tx(conn);
  const auto row = tx.exec_params1("SELECT user_id FROM app_login_lookup($1)", username);
  tx.commit();
  return row[0].as<long long>();
}

std::pair<std::string, long long> attempt_as_user(pqxx::connection& conn, long long org,
                                                  long long user, const std::string& sql) {
  try {
    common::db::UserTransaction tx(conn, org, user);
    const auto r = tx.exec(sql);
    return {"", static_cast<long long>(r.affected_rows())};
  } catch (const pqxx::sql_error& e) {
    return {common::db::sqlstate_of(e), 0};
  }
}

}  // namespace db_testing
