// common/cache/expiring_lru.hpp — the one bounded, thread-safe LRU cache with a time to live that
// every in-memory cache of the services is built on (results, retrieval, plans, verdicts).
//
// The caller passes "now" (a steady clock reading) so a test clock can drive expiry. Values are
// copied out: a hit never hands out a reference another thread could evict.
#pragma once

#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace common::cache {

template <typename Value>
class ExpiringLru {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // capacity 0 or ttl 0 turns the cache off: nothing is kept, every get misses.
  ExpiringLru(size_t capacity, std::chrono::milliseconds ttl) : capacity_(capacity), ttl_(ttl) {}

  [[nodiscard]] bool enabled() const { return capacity_ > 0 && ttl_.count() > 0; }

  std::optional<Value> get(const std::string& key, TimePoint now) {
    if (!enabled()) return std::nullopt;
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    if (it->second->expires <= now) {
      lru_.erase(it->second);
      index_.erase(it);
      return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->value;
  }

  // Keeps the newest value for the key and evicts the least recently used beyond capacity.
  void put(const std::string& key, Value value, TimePoint now) {
    if (!enabled()) return;
    const std::lock_guard lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end()) {
      lru_.erase(it->second);
      index_.erase(it);
    }
    lru_.push_front({key, std::move(value), now + ttl_});
    index_.emplace(key, lru_.begin());
    while (lru_.size() > capacity_) {
      index_.erase(lru_.back().key);
      lru_.pop_back();
    }
  }

  [[nodiscard]] size_t size() const {
    const std::lock_guard lock(mutex_);
    return lru_.size();
  }

 private:
  struct Entry {
    std::string key;
    Value value;
    TimePoint expires;
  };

  size_t capacity_;
  std::chrono::milliseconds ttl_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // front = most recently used
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace common::cache
