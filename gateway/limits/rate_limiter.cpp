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

double RateLimiter::level(const Bucket& bucket, std::chrono::steady_clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  return std::min(capacity_, bucket.tokens + std::max(0.0, elapsed) * per_second_);
}

Decision RateLimiter::refusal(double tokens) const {
  const double wait = (1.0 - tokens) / per_second_;
  const auto seconds = static_cast<long>(std::ceil(wait - 1e-6));  // float noise
  return {false, std::chrono::seconds(std::max(1L, seconds))};
}

RateLimiter::Bucket* RateLimiter::find(std::string_view key,
                                       std::chrono::steady_clock::time_point now) {
  const auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return nullptr;
  Bucket& bucket = it->second;
  bucket.tokens = level(bucket, now);
  bucket.updated = now;
  recent_.splice(recent_.begin(), recent_, bucket.recency);
  return &bucket;
}

bool RateLimiter::make_room(std::chrono::steady_clock::time_point now) {
  // A bucket that would be full again carries no information.
  std::erase_if(buckets_, [&](const auto& entry) {
    if (level(entry.second, now) < capacity_) return false;
    recent_.erase(entry.second.recency);
    return true;
  });
  // Still full: the least recently used buckets that are not refusing.
  for (auto it = recent_.end(); buckets_.size() >= max_keys_ && it != recent_.begin();) {
    --it;
    const auto bucket = buckets_.find(*it);
    if (level(bucket->second, now) < 1.0) continue;  // a lockout stays
    buckets_.erase(bucket);
    it = recent_.erase(it);
  }
  return buckets_.size() < max_keys_;
}

Decision RateLimiter::acquire(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const auto now = clock_.steady_now();
  Bucket* bucket = find(key, now);
  if (bucket == nullptr) {
    if (buckets_.size() >= max_keys_ && !make_room(now)) return refusal(0.0);
    recent_.emplace_front(key);
    bucket =
        &buckets_.emplace(std::string(key), Bucket{capacity_, now, recent_.begin()}).first->second;
  }
  if (bucket->tokens < 1.0) return refusal(bucket->tokens);
  bucket->tokens -= 1.0;
  return {true, std::chrono::seconds(0)};
}

void RateLimiter::refund(std::string_view key) {
  const std::lock_guard lock(mutex_);
  if (Bucket* bucket = find(key, clock_.steady_now())) {
    bucket->tokens = std::min(capacity_, bucket->tokens + 1.0);
  }
}

size_t RateLimiter::tracked_keys() {
  const std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace gateway::limits
