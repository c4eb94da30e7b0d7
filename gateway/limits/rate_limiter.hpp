// gateway/limits/rate_limiter.hpp — token buckets keyed by a string (user, username, client IP).
// In: a key per attempt. Out: allowed, or refused with how long to wait (for Retry-After).
// Memory is bounded: when the table grows past max_keys, buckets that have refilled are dropped.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/time/clock.hpp"

namespace gateway::limits {

struct Decision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // ≥ 1 s when refused
};

class RateLimiter {
 public:
  // `capacity` attempts per `window`, refilled continuously.
  RateLimiter(const common::Clock& clock, int capacity, std::chrono::milliseconds window,
              size_t max_keys = 100000);

  // Takes one token for key; refused (nothing taken) when the bucket is empty.
  Decision acquire(std::string_view key);
  // Whether acquire would succeed, without taking anything.
  [[nodiscard]] Decision check(std::string_view key);
  // Takes one token even when the bucket is empty (a failure that happened anyway).
  void charge(std::string_view key);

  [[nodiscard]] size_t tracked_keys();

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  Bucket& refill(std::string_view key, std::chrono::steady_clock::time_point now);
  [[nodiscard]] Decision decide(const Bucket& bucket) const;
  void prune(std::chrono::steady_clock::time_point now);

  const common::Clock& clock_;
  double capacity_;
  double per_second_;
  size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace gateway::limits
