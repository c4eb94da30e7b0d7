// common/db/sqlstate.hpp — the SQLSTATE of a libpqxx error.
#pragma once

#include <pqxx/pqxx>
#include <string>

namespace common::db {

// libpqxx 6.4 throws typed exceptions (insufficient_privilege, undefined_column, ...) WITHOUT
// filling sqlstate(); only the generic sql_error carries it. This recovers the code either way.
std::string sqlstate_of(const pqxx::sql_error& error);

}  // namespace common::db
