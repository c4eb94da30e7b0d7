// gateway/server/db.hpp — running one piece of work on a pooled app-database connection.
// A lost connection is dropped from the pool and becomes Error 503 `upstream_unavailable`;
// the message never carries SQL or server details.
#pragma once

#include <optional>
#include <pqxx/pqxx>

#include "common/db/pool.hpp"
#include "common/error/error.hpp"
#include "common/log/log.hpp"

namespace gateway::db {

template <typename Work>
auto with_connection(common::db::ConnectionPool& pool, Work&& work) {
  std::optional<common::db::ConnectionPool::Lease> acquired;
  try {
    acquired.emplace(pool.acquire());
  } catch (const common::Error& e) {
    // The pool's own "database_unavailable" is not a public error code: the contract's 503 is.
    common::log::error("database_unavailable", {{"what", e.what()}});
    throw common::Error(503, "upstream_unavailable", "the database is unavailable, try again");
  }
  auto& lease = *acquired;
  try {
    return work(*lease);
  } catch (const pqxx::broken_connection& e) {
    lease.mark_broken();
    common::log::error("database_connection_lost", {{"what", e.what()}});
    throw common::Error(503, "upstream_unavailable", "the database is unavailable, try again");
  } catch (const pqxx::in_doubt_error& e) {
    // Lost while committing: the connection is gone, the write's outcome unknown.
    lease.mark_broken();
    common::log::error("database_commit_in_doubt", {{"what", e.what()}});
    throw common::Error(503, "upstream_unavailable",
                        "the database connection was lost while saving; check before retrying");
  } catch (const pqxx::sql_error& e) {
    common::log::error("database_error", {{"what", e.what()}, {"sqlstate", e.sqlstate()}});
    throw common::Error::internal("database error");
  }
}

}  // namespace gateway::db
