// gateway/limits/pg_bucket_store.hpp — token buckets in PostgreSQL (table rate_limit_buckets,
// db/migrations/20261212000100_rate_limit_buckets.sql). One statement per attempt: an
// INSERT … ON CONFLICT DO UPDATE … RETURNING that refills and takes under the row's lock.
// Its own small pool (not the app pool: a burst of asks waiting for app connections never
// delays the limit checks, and these sessions write with synchronous_commit off). Rows of buckets
// that are full again are pruned by the instance that finds them due, at most once a minute.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "common/db/pool.hpp"
#include "gateway/limits/bucket_store.hpp"

namespace gateway::limits {

class PgBucketStore final : public BucketStore {
 public:
  // `url`: the app database (APP_DATABASE_URL); `pool_size`: LIMITS_DB_POOL.
  PgBucketStore(const std::string& url, size_t pool_size,
                std::chrono::milliseconds acquire_timeout = std::chrono::seconds(1));

  Take take(std::string_view bucket, BucketShape shape) override;
  void give_back(std::string_view bucket, BucketShape shape) override;
  [[nodiscard]] std::string_view kind() const override { return "postgres"; }

  // Deletes the rows of buckets full again for at least `grace`; returns how many.
  long long prune(std::chrono::seconds grace = std::chrono::seconds(60));

 private:
  template <typename Work>
  auto run(Work&& work);
  void prune_when_due();

  common::db::ConnectionPool pool_;
  std::atomic<std::chrono::steady_clock::rep> next_prune_{0};
};

}  // namespace gateway::limits
