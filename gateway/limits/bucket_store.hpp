// gateway/limits/bucket_store.hpp — token buckets kept OUTSIDE the gateway, so that every
// instance takes from the same bucket (LIMITS_STORE=postgres|redis). In: a bucket name and its
// shape (capacity, refill rate). Out: whether one token was taken — the refill and the take are
// one atomic step in the store, so instances can never together take more than it holds.
// A store that cannot be reached throws StoreUnavailable; SharedLimiter then falls back to the
// instance's own buckets.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace gateway::limits {

struct BucketShape {
  double capacity = 1;    // tokens when full
  double per_second = 1;  // refill rate
};

struct Take {
  bool granted = false;
  double tokens = 0;  // left after this attempt (what Retry-After is computed from)
};

// The store did not answer (connect refused, connection lost, pool exhausted, timeout).
class StoreUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class BucketStore {
 public:
  BucketStore() = default;
  virtual ~BucketStore() = default;
  BucketStore(const BucketStore&) = delete;
  BucketStore& operator=(const BucketStore&) = delete;
  BucketStore(BucketStore&&) = delete;
  BucketStore& operator=(BucketStore&&) = delete;

  // Refills `bucket` for the time since its last attempt, then takes one token if there is one.
  virtual Take take(std::string_view bucket, BucketShape shape) = 0;
  // Gives one token back (up to capacity).
  virtual void give_back(std::string_view bucket, BucketShape shape) = 0;
  // "postgres" or "redis", for logs.
  [[nodiscard]] virtual std::string_view kind() const = 0;
};

}  // namespace gateway::limits
