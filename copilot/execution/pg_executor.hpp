// copilot/execution/pg_executor.hpp — runs one statement as the role's NOLOGIN reader.
//
// Per statement, on a pooled connection of ANALYTICS_DATABASE_URL (copilot_analytics, NOINHERIT):
//   BEGIN READ ONLY; SET LOCAL ROLE reader_<role>; SET LOCAL statement_timeout; SET LOCAL
//   TimeZone 'UTC'; SET LOCAL app.store_ids '1,2'; the statement alone through the extended
//   protocol (PQexecParams refuses several statements); ROLLBACK.
// Column types are PostgreSQL type names looked up by OID (pg_type, cached per process).
#pragma once

#include <map>
#include <mutex>

#include "common/db/pool.hpp"
#include "copilot/execution/executor.hpp"

namespace copilot::execution {

class PgExecutor final : public SqlExecutor {
 public:
  PgExecutor(common::db::ConnectionPool& pool, int statement_timeout_ms);
  ExecResult execute(const ExecRequest& request) override;

 private:
  std::string type_name(pqxx::connection& connection, unsigned oid);

  common::db::ConnectionPool& pool_;
  int statement_timeout_ms_;
  std::mutex types_mutex_;
  std::map<unsigned, std::string> types_;
};

// A cell of PostgreSQL text output as JSON: numbers for numeric types, booleans for bool, null for
// NULL, strings otherwise.
nlohmann::json cell_json(const pqxx::field& field, const std::string& type);

}  // namespace copilot::execution
