#include "common/db/sqlstate.hpp"

namespace common::db {

std::string sqlstate_of(const pqxx::sql_error& error) {
  if (!error.sqlstate().empty()) return error.sqlstate();
  // Most specific first: several classes derive from others.
  if (dynamic_cast<const pqxx::insufficient_privilege*>(&error)) return "42501";
  if (dynamic_cast<const pqxx::undefined_column*>(&error)) return "42703";
  if (dynamic_cast<const pqxx::undefined_function*>(&error)) return "42883";
  if (dynamic_cast<const pqxx::undefined_table*>(&error)) return "42P01";
  if (dynamic_cast<const pqxx::syntax_error*>(&error)) return "42601";
  if (dynamic_cast<const pqxx::unique_violation*>(&error)) return "23505";
  if (dynamic_cast<const pqxx::foreign_key_violation*>(&error)) return "23503";
  if (dynamic_cast<const pqxx::not_null_violation*>(&error)) return "23502";
  if (dynamic_cast<const pqxx::check_violation*>(&error)) return "23514";
  if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&error)) return "23000";
  if (dynamic_cast<const pqxx::data_exception*>(&error)) return "22000";
  if (dynamic_cast<const pqxx::feature_not_supported*>(&error)) return "0A000";
  if (dynamic_cast<const pqxx::invalid_sql_statement_name*>(&error)) return "26000";
  if (dynamic_cast<const pqxx::out_of_memory*>(&error)) return "53200";
  if (dynamic_cast<const pqxx::insufficient_resources*>(&error)) return "53000";
  return "";
}

}  // namespace common::db
