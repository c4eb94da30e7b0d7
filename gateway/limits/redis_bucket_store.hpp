// gateway/limits/redis_bucket_store.hpp — token buckets in Redis (LIMITS_STORE=redis), kept so
// that the choice between PostgreSQL and Redis can be measured again (bench/limits_store.sh).
// One Lua script per attempt (EVALSHA): Redis runs it alone, so the refill and the take are one
// atomic step whatever the number of gateways. Keys expire once their bucket would be full again.
// A small pool of hiredis connections, each owned by a unique_ptr (redisFree).
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/limits/bucket_store.hpp"

namespace gateway::limits {

class RedisBucketStore final : public BucketStore {
 public:
  // `url`: redis://host:port (LIMITS_REDIS_URL); `pool_size` connections at most.
  RedisBucketStore(const std::string& url, size_t pool_size,
                   std::chrono::milliseconds timeout = std::chrono::seconds(1));

  Take take(std::string_view bucket, BucketShape shape) override;
  void give_back(std::string_view bucket, BucketShape shape) override;
  [[nodiscard]] std::string_view kind() const override { return "redis"; }

 private:
  struct ContextDeleter {
    void operator()(redisContext* c) const { redisFree(c); }
  };
  using Context = std::unique_ptr<redisContext, ContextDeleter>;
  Take call(std::string_view bucket, BucketShape shape, bool take);
  Context open();
  Context lease();
  void give(Context context);

  std::string host_;
  int port_ = 6379;
  size_t pool_size_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Context> idle_;
  size_t open_ = 0;
  std::string sha_;  // of the script, once loaded
};

}  // namespace gateway::limits
