// gateway/limits/shared_limiter.hpp — a rate limit every gateway instance shares: its buckets
// live in a BucketStore (PostgreSQL or Redis) under "<name>:<key>", so a lockout reached through
// one instance holds on all of them.
//
// When the store cannot be reached, the limiter answers from this instance's own buckets (a
// RateLimiter of the same shape) for `retry_after` before it tries the store again, and logs the
// switch both ways. Why that direction: failing open (no limit) would hand a password guesser
// the outage; failing closed (refuse all) would turn a limits-store outage into a full outage of
// logins and asks. Per-instance buckets keep every limit, at worst N times looser across N
// instances, for as long as the store is away.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "common/time/clock.hpp"
#include "gateway/limits/bucket_store.hpp"
#include "gateway/limits/limiter.hpp"
#include "gateway/limits/rate_limiter.hpp"

namespace gateway::limits {

class SharedLimiter final : public Limiter {
 public:
  // `name` prefixes every bucket ("login_user", "ask_user", …): limiters share one store.
  SharedLimiter(BucketStore& store, std::string name, const common::Clock& clock, int capacity,
                std::chrono::milliseconds window,
                std::chrono::milliseconds retry_after = std::chrono::seconds(2));

  Decision acquire(std::string_view key) override;
  void refund(std::string_view key) override;

  // Whether the last attempt was answered from the instance's own buckets.
  [[nodiscard]] bool falling_back() const { return falling_back_.load(); }

  // The bucket's name in the store: "<name>:<key>" when the key is short printable ASCII, else
  // "<name>:#<64-bit FNV-1a of the key in hex>" (the same on every instance, any byte allowed).
  [[nodiscard]] std::string bucket(std::string_view key) const;

 private:
  bool store_usable();
  void store_failed(const std::exception& e);

  BucketStore& store_;
  std::string name_;
  const common::Clock& clock_;
  BucketShape shape_;
  RateLimiter local_;
  std::chrono::milliseconds retry_after_;
  std::atomic<bool> falling_back_{false};
  std::atomic<std::chrono::steady_clock::rep> retry_at_{0};
};

}  // namespace gateway::limits
