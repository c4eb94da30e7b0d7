// common/db/pool.hpp — the libpqxx connection pool shared by both services (app tables, audit,
// RAG), and the libpq pool of the analytics executor (which reads rows one at a time).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <pqxx/pqxx>
#include <string>

#include "common/db/basic_pool.hpp"
#include "common/db/conninfo.hpp"
#include "common/memory/owned.hpp"

namespace common::db {

// Connections to one database URL, opened lazily (see BasicPool). `session_setup` (optional)
// runs once on every connection the pool opens, e.g. a session default every user wants.
class ConnectionPool : public BasicPool<pqxx::connection> {
 public:
  ConnectionPool(std::string url, size_t size,
                 std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5),
                 std::string session_setup = {});

  // Runs `SELECT 1` on a pooled connection; false when the database cannot be reached.
  bool ping();
};

// Plain libpq connections (for what libpqxx 6 does not offer: single-row mode, PQcancel on a
// query in flight). Opening fails with Error 503 like ConnectionPool.
class RawConnectionPool : public BasicPool<PGconn, FreeWith<PQfinish>> {
 public:
  RawConnectionPool(std::string url, size_t size,
                    std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5));

  bool ping();
};

}  // namespace common::db
