#include "common/db/pool.hpp"

#include <poll.h>

#include <memory>

#include "common/error/error.hpp"
#include "common/log/log.hpp"
#include "common/memory/owned.hpp"

namespace common::db {
namespace {

// One failed connect: logged with the URL as logs may show it, reported as 503.
[[noreturn]] void connect_failed(const std::string& url, const std::string& what) {
  log::error("database_connect_failed", {{"url", redact_url(url)}, {"what", what}});
  throw ConnectFailed(503, "database_unavailable", "database is not reachable");
}

// Whether an idle connection's socket has something to read. An idle connection is sent nothing
// unless the server is closing it (a restart or shutdown sends FATAL 57P01, then EOF).
bool readable_while_idle(int socket) {
  if (socket < 0) return true;
  pollfd ready{socket, POLLIN, 0};
  return poll(&ready, 1, 0) != 0;
}

}  // namespace

ConnectionPool::ConnectionPool(std::string url, size_t size,
                               std::chrono::milliseconds acquire_timeout, std::string session_setup)
    : BasicPool(
          size, acquire_timeout,
          [url = std::move(url), setup = std::move(session_setup)] {
            try {
              auto connection = std::make_unique<pqxx::connection>(url);
              if (!setup.empty()) {
                pqxx::nontransaction tx(*connection);
                tx.exec0(setup);
              }
              return connection;
            } catch (const std::exception& e) {
              connect_failed(url, e.what());
            }
          },
          // libpqxx 6 cannot read what arrived: anything on an idle socket retires the connection.
          [](pqxx::connection& connection) {
            return connection.is_open() && !readable_while_idle(connection.sock());
          }) {}

bool ConnectionPool::ping() {
  try {
    auto lease = acquire();
    try {
      pqxx::nontransaction tx(*lease);
      tx.exec("SELECT 1");
      return true;
    } catch (const std::exception&) {
      lease.mark_broken();
      return false;
    }
  } catch (const std::exception&) {
    return false;
  }
}

RawConnectionPool::RawConnectionPool(std::string url, size_t size,
                                     std::chrono::milliseconds acquire_timeout)
    : BasicPool(
          size, acquire_timeout,
          [url = std::move(url)] {
            Owned connection(PQconnectdb(url.c_str()));
            if (!connection) connect_failed(url, "out of memory");
            if (PQstatus(connection.get()) != CONNECTION_OK) {
              connect_failed(url, PQerrorMessage(connection.get()));
            }
            return connection;
          },
          [](PGconn& connection) {
            if (PQstatus(&connection) != CONNECTION_OK ||
                PQtransactionStatus(&connection) != PQTRANS_IDLE) {
              return false;
            }
            // Read what arrived: an EOF or a FATAL makes the status CONNECTION_BAD; a NOTICE is
            // harmless but retires the connection too (nothing should be pending while idle).
            if (!readable_while_idle(PQsocket(&connection))) return true;
            return PQconsumeInput(&connection) == 1 && PQstatus(&connection) == CONNECTION_OK &&
                   PQisBusy(&connection) == 0 && !readable_while_idle(PQsocket(&connection));
          }) {}

bool RawConnectionPool::ping() {
  try {
    auto lease = acquire();
    const common::Owned<PGresult, PQclear> result(PQexec(lease.get(), "SELECT 1"));
    if (PQresultStatus(result.get()) == PGRES_TUPLES_OK) return true;
    lease.mark_broken();
    return false;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace common::db
