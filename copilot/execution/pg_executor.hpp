// copilot/execution/pg_executor.hpp — runs one statement as the role's NOLOGIN reader.
//
// Per statement, on a pooled libpq connection of ANALYTICS_DATABASE_URL (copilot_analytics,
// NOINHERIT):
//   BEGIN READ ONLY; SET LOCAL ROLE reader_<role>; SET LOCAL statement_timeout; SET LOCAL
//   TimeZone 'UTC'; SET LOCAL client_connection_check_interval (a statement whose connection is
//   closed ends within 100 ms); SET LOCAL app.store_ids '1,2'; the statement alone through the
//   extended protocol (PQsendQueryParams refuses several statements); ROLLBACK.
// The result is capped at `max_result_bytes` (422 result_too_large) with about that much in
// memory at most:
//   * a statement the guardrail accepted (it has a fingerprint) runs wrapped so that the server
//     checks each row's size (copilot_row_within): a row larger than the cap is never sent;
//   * rows are read one at a time (libpq's single-row mode) and counted as they arrive; many
//     rows that add up past the cap stop the query;
//   * any other statement (the EXPLAIN probe, tools) is also stopped by the socket's count of
//     received bytes, though libpq may then have buffered part of one long row.
// More than kMaxRows rows: the first kMaxRows, truncated.
// Recovery: a statement whose connection failed before any row came back (a pooled connection the
// server closed, e.g. after a restart of the replica) runs once more on a new connection (see
// BasicPool::run); never one that returned rows. When the analytics database cannot be reached at
// all, the statement fails at once with 503 analytics_unavailable (the pools connect with a short
// connect_timeout) or, given a fallback pool (ANALYTICS_FALLBACK_DATABASE_URL, e.g. the primary
// when the analytics URL is a replica), runs there; ExecResult::database says which answered.
// Nothing here writes: every statement runs in a READ ONLY transaction, so a hot standby serves
// all of it (a write would fail there with SQLSTATE 25006, as it does on the primary).
// When the request's Cancellation fires (its client went away), the connection is closed at once
// and a cancel request sent (PQcancel): the server ends the statement either way.
// Column types are PostgreSQL type names looked up by OID (pg_type, cached per process).
#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "common/db/pool.hpp"
#include "copilot/execution/executor.hpp"

namespace copilot::execution {

inline constexpr size_t kDefaultMaxResultBytes = size_t{4} * 1024 * 1024;

class PgExecutor final : public SqlExecutor {
 public:
  PgExecutor(common::db::RawConnectionPool& pool, int statement_timeout_ms,
             size_t max_result_bytes = kDefaultMaxResultBytes,
             common::db::RawConnectionPool* fallback = nullptr);
  ExecResult execute(const ExecRequest& request) override;
  // EXPLAIN (FORMAT JSON) of request.sql in the transaction execute() would run it in (read only,
  // the role's reader, the scope, the timeout), sent as one pipeline — BEGIN, the settings,
  // EXPLAIN, ROLLBACK, sync — so it costs one round trip. Returns EXPLAIN's JSON text; failures
  // are ExecutionErrors as for execute().
  std::string explain_json(const ExecRequest& request);

 private:
  // attempt(lease) on the analytics pool (retried once there when it failed safely), else, when
  // that database cannot be reached and a fallback pool is set, on the fallback. `database` gets
  // the name of the one that answered.
  template <typename Attempt>
  auto on_analytics(Attempt&& attempt, std::string& database);
  ExecResult execute_on(common::db::RawConnectionPool::Lease& lease, const ExecRequest& request);
  std::string explain_on(common::db::RawConnectionPool::Lease& lease, const ExecRequest& request);
  std::string type_name(PGconn* connection, unsigned oid);
  // The SET LOCAL statements of a statement of this request: role, timeout, time zone, search
  // path, connection check, scope.
  std::vector<std::string> reader_settings(const ExecRequest& request) const;

  common::db::RawConnectionPool& pool_;
  common::db::RawConnectionPool* fallback_;
  int statement_timeout_ms_;
  size_t max_result_bytes_;
  std::mutex types_mutex_;
  std::map<unsigned, std::string> types_;
};

// A cell of PostgreSQL text output as JSON: numbers for numeric types, booleans for bool, null for
// NULL, strings otherwise.
nlohmann::json cell_json(std::string_view text, bool is_null, const std::string& type);

}  // namespace copilot::execution
