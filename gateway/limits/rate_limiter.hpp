// gateway/limits/rate_limiter.hpp — token buckets keyed by a string (user, username, client IP).
// In: a key per attempt. Out: allowed (one token taken, in the same step as the check, so
// concurrent attempts can never take more than the bucket holds), or refused with how long to
// wait (for Retry-After). Memory is bounded: a full table first forgets buckets that have
// refilled, then evicts the least recently used of the others — never a bucket that is
// refusing (a lockout). When every tracked bucket is a lockout, a new key is refused until one
// refills: the limiter fails closed rather than forgetting who it locked out.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/time/clock.hpp"
#include "gateway/limits/limiter.hpp"

namespace gateway::limits {

// The in-process implementation: right for one instance, and the fallback of a SharedLimiter
// whose store cannot be reached.
class RateLimiter final : public Limiter {
 public:
  // `capacity` attempts per `window`, refilled continuously.
  RateLimiter(const common::Clock& clock, int capacity, std::chrono::milliseconds window,
              size_t max_keys = 100000);

  // Takes one token for key; refused (nothing taken) when the bucket is empty.
  Decision acquire(std::string_view key) override;
  // Gives one token back (an attempt that turned out not to count, e.g. a successful login).
  void refund(std::string_view key) override;

  [[nodiscard]] size_t tracked_keys();

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
    std::list<std::string>::iterator recency;  // position in recent_
  };
  Bucket* find(std::string_view key, std::chrono::steady_clock::time_point now);
  [[nodiscard]] double level(const Bucket& bucket, std::chrono::steady_clock::time_point now) const;
  [[nodiscard]] Decision refusal(double tokens) const;
  bool make_room(std::chrono::steady_clock::time_point now);

  const common::Clock& clock_;
  double capacity_;
  double per_second_;
  size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::list<std::string> recent_;  // most recently used first
};

}  // namespace gateway::limits
