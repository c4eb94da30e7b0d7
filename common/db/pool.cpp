#include "common/db/pool.hpp"

#include "common/error/error.hpp"
#include "common/log/log.hpp"

namespace common::db {

ConnectionPool::Lease::Lease(ConnectionPool& pool, std::unique_ptr<pqxx::connection> connection)
    : pool_(&pool), connection_(std::move(connection)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), broken_(other.broken_) {}

ConnectionPool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_), broken_);
}

ConnectionPool::ConnectionPool(std::string url, size_t size,
                               std::chrono::milliseconds acquire_timeout, std::string session_setup)
    : url_(std::move(url)),
      size_(size == 0 ? 1 : size),
      acquire_timeout_(acquire_timeout),
      session_setup_(std::move(session_setup)) {}

ConnectionPool::Lease ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  const bool ready =
      available_.wait_for(lock, acquire_timeout_, [&] { return !idle_.empty() || open_ < size_; });
  if (!ready) throw Error(503, "database_unavailable", "database is busy, try again");
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
  }
  ++open_;
  lock.unlock();
  try {
    auto connection = std::make_unique<pqxx::connection>(url_);
    if (!session_setup_.empty()) {
      pqxx::nontransaction tx(*connection);
      tx.exec0(session_setup_);
    }
    return Lease(*this, std::move(connection));
  } catch (const std::exception& e) {
    {
      std::lock_guard relock(mutex_);
      --open_;
    }
    available_.notify_one();
    log::error("database_connect_failed", {{"url", redact_url(url_)}, {"what", e.what()}});
    throw Error(503, "database_unavailable", "database is not reachable");
  }
}

void ConnectionPool::give_back(std::unique_ptr<pqxx::connection> connection, bool broken) {
  {
    std::lock_guard lock(mutex_);
    if (broken || !connection->is_open()) {
      --open_;
      connection.reset();
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  available_.notify_one();
}

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

std::string redact_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace common::db
