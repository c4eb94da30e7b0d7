// common/db/pool.hpp — a small libpqxx connection pool shared by both services.
#pragma once

#include <pqxx/pqxx>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace common::db {

// Hands out connections to one database URL. Connections open lazily, up to `size`; a caller
// waits at most `acquire_timeout` for a free one, then gets Error 503 "database_unavailable".
// A lease returns its connection on destruction unless it was marked broken.
class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<pqxx::connection> connection);
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    pqxx::connection& operator*() { return *connection_; }
    pqxx::connection* operator->() { return connection_.get(); }
    // The connection failed mid-use: close it instead of returning it to the pool.
    void mark_broken() { broken_ = true; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> connection_;
    bool broken_ = false;
  };

  // `session_setup` (optional) runs once on every connection the pool opens, e.g. a session
  // default that every user of this pool wants.
  ConnectionPool(std::string url, size_t size,
                 std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5),
                 std::string session_setup = {});
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  ~ConnectionPool() = default;

  Lease acquire();
  // Runs `SELECT 1` on a pooled connection; false when the database cannot be reached.
  bool ping();

  [[nodiscard]] size_t size() const { return size_; }

 private:
  void give_back(std::unique_ptr<pqxx::connection> connection, bool broken);

  std::string url_;
  size_t size_;
  std::chrono::milliseconds acquire_timeout_;
  std::string session_setup_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  size_t open_ = 0;
};

// Removes the password from a connection URL for logs and error messages.
std::string redact_url(const std::string& url);

}  // namespace common::db
