#include "gateway/limits/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace gateway::limits {

RateLimiter::RateLimiter(const common::Clock& clock, int capacity, std::chrono::milliseconds window,
                         size_t max_keys)
    : clock_(clock),
      capacity_(std::max(1, capacity)),
      per_second_(capacity_ / std::max(0.001, std::chrono::duration<double>(window).count())),
      max_keys_(std::max<size_t>(16, max_keys)) {}

RateLimiter::Bucket& RateLimiter::refill(std::string_view key,
                                         std::chrono::steady_clock::time_point now) {
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) prune(now);
    it = buckets_.emplace(std::string(key), Bucket{capacity_, now}).first;
    return it->second;
  }
  Bucket& bucket = it->second;
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(capacity_, bucket.tokens + elapsed * per_second_);
    bucket.updated = now;
  }
  return bucket;
}

Decision RateLimiter::decide(const Bucket& bucket) const {
  if (bucket.tokens >= 1.0) return {true, std::chrono::seconds(0)};
  const double wait = (1.0 - bucket.tokens) / per_second_;
  const auto seconds = static_cast<long>(std::ceil(wait - 1e-6));  // float noise
  return {false, std::chrono::seconds(std::max(1L, seconds))};
}

Decision RateLimiter::acquire(std::string_view key) {
  const std::lock_guard lock(mutex_);
  Bucket& bucket = refill(key, clock_.steady_now());
  const Decision decision = decide(bucket);
  if (decision.allowed) bucket.tokens -= 1.0;
  return decision;
}

Decision RateLimiter::check(std::string_view key) {
  const std::lock_guard lock(mutex_);
  return decide(refill(key, clock_.steady_now()));
}

void RateLimiter::charge(std::string_view key) {
  const std::lock_guard lock(mutex_);
  Bucket& bucket = refill(key, clock_.steady_now());
  bucket.tokens = std::max(-capacity_, bucket.tokens - 1.0);
}

size_t RateLimiter::tracked_keys() {
  const std::lock_guard lock(mutex_);
  return buckets_.size();
}

void RateLimiter::prune(std::chrono::steady_clock::time_point now) {
  // A bucket that would be full again carries no information: forget it.
  std::erase_if(buckets_, [&](const auto& entry) {
    const double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + elapsed * per_second_ >= capacity_;
  });
  // Still full of active keys: drop everything rather than grow without bound.
  if (buckets_.size() >= max_keys_) buckets_.clear();
}

}  // namespace gateway::limits
