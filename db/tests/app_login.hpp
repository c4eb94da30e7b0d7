// db/tests/app_login.hpp — what the database tests share when they act as the app's login
// (copilot_app: not the tables' owner, so row-level security applies): its URL, the two seeded
// organisations, a seed user's id, and a statement tried as a user and always rolled back.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <utility>

namespace db_testing {

constexpr long long kDemo = 1;       // the demo company (the five seed users)
constexpr long long kNorthwind = 2;  // the second seeded organisation (admin_org2)

// APP_DATABASE_URL; a missing one fails the test (make test loads .env), never skips it.
std::string app_url();

// The user id of a seed user, by login name.
long long user_id_of(pqxx::connection& conn, const std::string& username);

// The SQLSTATE of `sql` run as `user` of `org` ("" when it ran) and the rows it touched; the
// transaction is always rolled back.
std::pair<std::string, long long> attempt_as_user(pqxx::connection& conn, long long org,
                                                  long long user, const std::string& sql);

}  // namespace db_testing
