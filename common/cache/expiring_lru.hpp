// common/cache/expiring_lru.hpp — the one bounded, thread-safe LRU cache with a time to live that
// every in-memory cache of the services is built on (results, retrieval, plans, verdicts).
//
// The caller passes "now" (a steady clock reading) so a test clock can drive expiry. Values are
// copied out: a hit never hands out a reference another thread could evict. Expired entries at
// the cold end are dropped on every put, so a cache holds what its time to live allows rather
// than waiting for the capacity to push them out. A cache of values that vary in size (result
// rows) may also be given a byte budget and a way to weigh a value.
#pragma once

#include <chrono>
#include <functional>
#include <iterator>
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

  using Weigher = std::function<size_t(const Value&)>;

  // capacity 0 or ttl 0 turns the cache off: nothing is kept, every get misses. With `weigh`,
  // the values kept weigh at most `max_bytes` together (a value heavier than that is not kept).
  ExpiringLru(size_t capacity, std::chrono::milliseconds ttl, size_t max_bytes = 0,
              Weigher weigh = nullptr)
      : capacity_(capacity), ttl_(ttl), max_bytes_(max_bytes), weigh_(std::move(weigh)) {}

  [[nodiscard]] bool enabled() const { return capacity_ > 0 && ttl_.count() > 0; }

  std::optional<Value> get(const std::string& key, TimePoint now) {
    if (!enabled()) return std::nullopt;
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    if (it->second->expires <= now) {
      drop(it->second);
      return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->value;
  }

  // Keeps the newest value for the key and evicts the least recently used beyond capacity.
  void put(const std::string& key, Value value, TimePoint now) {
    if (!enabled()) return;
    const size_t bytes = weigh_ ? weigh_(value) : 0;
    const std::lock_guard lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end()) drop(it->second);
    while (!lru_.empty() && lru_.back().expires <= now) drop(std::prev(lru_.end()));
    if (weigh_ && bytes > max_bytes_) return;
    lru_.push_front({key, std::move(value), now + ttl_, bytes});
    index_.emplace(key, lru_.begin());
    bytes_ += bytes;
    while (lru_.size() > capacity_ || (weigh_ && bytes_ > max_bytes_)) {
      drop(std::prev(lru_.end()));
    }
  }

  [[nodiscard]] size_t size() const {
    const std::lock_guard lock(mutex_);
    return lru_.size();
  }

  // What the values kept weigh together (0 without a weigher).
  [[nodiscard]] size_t bytes() const {
    const std::lock_guard lock(mutex_);
    return bytes_;
  }

 private:
  struct Entry {
    std::string key;
    Value value;
    TimePoint expires;
    size_t bytes = 0;
  };

  // Under the lock.
  void drop(typename std::list<Entry>::iterator entry) {
    bytes_ -= entry->bytes;
    index_.erase(entry->key);
    lru_.erase(entry);
  }

  size_t capacity_;
  std::chrono::milliseconds ttl_;
  size_t max_bytes_;
  Weigher weigh_;
  size_t bytes_ = 0;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // front = most recently used
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

}  // namespace common::cache
