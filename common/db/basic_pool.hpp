// common/db/basic_pool.hpp — what every connection pool of the project does the same way,
// whatever the connection type: open lazily up to `size`, wait at most `acquire_timeout` for a
// free one (then Error 503 "database_unavailable"), return it on the lease's destruction unless
// it was marked broken (then close it).
//
// Recovery (a database restarted under the pool): an idle connection is checked again before it
// is handed out (`usable`), so one the server closed while it sat idle is dropped rather than
// used; and run() retries a use ONCE, on a newly opened connection, when the use says it is safe
// (it threw RetryableFailure: a read-only statement whose connection failed before any result
// came back). A write, or a failure after part of a result, is never retried.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

#include "common/error/error.hpp"

namespace common::db {

// An opener could not reach the database (refused, timed out, authentication): 503.
class ConnectFailed : public Error {
 public:
  using Error::Error;
};

// Thrown by a use of a pooled connection whose connection failed before anything came back, for
// work that may safely run again (read only): BasicPool::run() retries it once on a new
// connection. `error` is what the caller sees when the retry fails too.
class RetryableFailure : public std::runtime_error {
 public:
  template <typename E>
  explicit RetryableFailure(const E& error)
      : std::runtime_error(error.what()),
        error_(std::make_shared<E>(error)),
        rethrow_([](const std::shared_ptr<const std::exception>& e) {
          throw *std::static_pointer_cast<const E>(e);
        }) {}
  // Throws the failure as its own type.
  [[noreturn]] void rethrow() const {
    rethrow_(error_);
    throw std::logic_error("unreachable");
  }

 private:
  std::shared_ptr<const std::exception> error_;
  void (*rethrow_)(const std::shared_ptr<const std::exception>&);
};

template <typename Connection, typename Deleter = std::default_delete<Connection>>
class BasicPool {
 public:
  using Owned = std::unique_ptr<Connection, Deleter>;
  // Opens one connection or throws (the pool turns that into a 503).
  using Opener = std::function<Owned()>;
  // Whether a returned connection may be handed out again.
  using Usable = std::function<bool(Connection&)>;

  class Lease {
   public:
    Lease(BasicPool& pool, Owned connection) : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept
        : pool_(other.pool_), connection_(std::move(other.connection_)), broken_(other.broken_) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (connection_) pool_->give_back(std::move(connection_), broken_);
    }

    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }
    Connection* get() { return connection_.get(); }
    // The connection failed mid-use (or is in a state nobody should inherit): close it.
    void mark_broken() { broken_ = true; }

   private:
    BasicPool* pool_;
    Owned connection_;
    bool broken_ = false;
  };

  BasicPool(size_t size, std::chrono::milliseconds acquire_timeout, Opener open, Usable usable)
      : size_(size == 0 ? 1 : size),
        acquire_timeout_(acquire_timeout),
        open_connection_(std::move(open)),
        usable_(std::move(usable)) {}
  BasicPool(const BasicPool&) = delete;
  BasicPool& operator=(const BasicPool&) = delete;
  ~BasicPool() = default;

  // A pooled connection that still looks alive, else a new one.
  Lease acquire() { return acquire(false); }

  // `attempt(Lease&)` on a pooled connection; when it throws RetryableFailure, once more on a
  // newly opened one (every idle connection may be as dead as the first, after a restart). The
  // second failure is thrown as its own type.
  template <typename Attempt>
  auto run(Attempt&& attempt) {
    {
      Lease lease = acquire(false);
      try {
        return attempt(lease);
      } catch (const RetryableFailure&) {
        lease.mark_broken();
        ++retries_;
      }
    }
    Lease lease = acquire(true);
    try {
      return attempt(lease);
    } catch (const RetryableFailure& failure) {
      lease.mark_broken();
      failure.rethrow();
    }
  }

  [[nodiscard]] size_t size() const { return size_; }
  // How many uses run() has retried (for logs and tests).
  [[nodiscard]] size_t retries() const { return retries_.load(); }

 private:
  Lease acquire(bool fresh) {
    std::unique_lock lock(mutex_);
    const bool ready = available_.wait_for(lock, acquire_timeout_,
                                           [&] { return !idle_.empty() || open_ < size_; });
    if (!ready) throw Error(503, "database_unavailable", "database is busy, try again");
    while (!idle_.empty()) {
      Owned connection = std::move(idle_.back());
      idle_.pop_back();
      // A fresh connection is wanted, or this one died while idle (the server closed it): close
      // it, and open a new one in its place.
      if (fresh || !usable_(*connection)) {
        --open_;
        connection.reset();
        if (fresh) break;
        continue;
      }
      return Lease(*this, std::move(connection));
    }
    ++open_;
    lock.unlock();
    try {
      return Lease(*this, open_connection_());
    } catch (...) {
      {
        std::lock_guard relock(mutex_);
        --open_;
      }
      available_.notify_one();
      throw;
    }
  }

  void give_back(Owned connection, bool broken) {
    {
      std::lock_guard lock(mutex_);
      if (broken || !usable_(*connection)) {
        --open_;
        connection.reset();
      } else {
        idle_.push_back(std::move(connection));
      }
    }
    available_.notify_one();
  }

  size_t size_;
  std::chrono::milliseconds acquire_timeout_;
  Opener open_connection_;
  Usable usable_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Owned> idle_;
  size_t open_ = 0;
  std::atomic<size_t> retries_{0};
};

}  // namespace common::db
