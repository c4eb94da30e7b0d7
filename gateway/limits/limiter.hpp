// gateway/limits/limiter.hpp — the boundary every rate limit of the gateway goes through.
// In: a key per attempt (a username, a client address, a user id). Out: allowed (one token taken
// in the same step as the check) or refused with how long to wait (Retry-After).
// Implementations: RateLimiter (token buckets in this process: one instance, and the tests) and
// SharedLimiter (buckets in a store every gateway instance shares: LIMITS_STORE=postgres|redis).
#pragma once

#include <chrono>
#include <string_view>

namespace gateway::limits {

struct Decision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // ≥ 1 s when refused
};

class Limiter {
 public:
  Limiter() = default;
  virtual ~Limiter() = default;
  Limiter(const Limiter&) = delete;
  Limiter& operator=(const Limiter&) = delete;
  Limiter(Limiter&&) = delete;
  Limiter& operator=(Limiter&&) = delete;

  // Takes one token for key; refused (nothing taken) when the bucket is empty.
  virtual Decision acquire(std::string_view key) = 0;
  // Gives one token back (an attempt that turned out not to count, e.g. a successful login).
  virtual void refund(std::string_view key) = 0;
};

}  // namespace gateway::limits
