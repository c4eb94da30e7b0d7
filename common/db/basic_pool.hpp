// common/db/basic_pool.hpp — what every connection pool of the project does the same way,
// whatever the connection type: open lazily up to `size`, wait at most `acquire_timeout` for a
// free one (then Error 503 "database_unavailable"), return it on the lease's destruction unless
// it was marked broken (then close it).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "common/error/error.hpp"

namespace common::db {

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

  Lease acquire() {
    std::unique_lock lock(mutex_);
    const bool ready = available_.wait_for(lock, acquire_timeout_,
                                           [&] { return !idle_.empty() || open_ < size_; });
    if (!ready) throw Error(503, "database_unavailable", "database is busy, try again");
    if (!idle_.empty()) {
      Owned connection = std::move(idle_.back());
      idle_.pop_back();
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

  [[nodiscard]] size_t size() const { return size_; }

 private:
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
};

}  // namespace common::db
