#include "gateway/limits/pg_bucket_store.hpp"

#include <optional>
#include <pqxx/pqxx>

#include "common/db/conninfo.hpp"
#include "common/error/error.hpp"
#include "common/log/log.hpp"

namespace gateway::limits {
namespace {

// Refill + take in one statement. The row lock of ON CONFLICT DO UPDATE orders concurrent
// attempts on one bucket: each sees the tokens the one before it left. A new row is a full
// bucket minus the token taken now (capacity ≥ 1).
constexpr const char* kTake = R"sql(
INSERT INTO rate_limit_buckets AS b (bucket, tokens, updated_at, full_at, granted)
VALUES ($1, $2::float8 - 1, now(), now() + make_interval(secs => 1 / $3::float8), true)
ON CONFLICT (bucket) DO UPDATE SET
  tokens = rate_limit_level(b.tokens, b.updated_at, $2, $3)
           - CASE WHEN rate_limit_level(b.tokens, b.updated_at, $2, $3) >= 1 THEN 1 ELSE 0 END,
  granted = rate_limit_level(b.tokens, b.updated_at, $2, $3) >= 1,
  updated_at = greatest(b.updated_at, now()),
  full_at = greatest(b.updated_at, now()) + make_interval(secs =>
            ($2 - rate_limit_level(b.tokens, b.updated_at, $2, $3)
             + CASE WHEN rate_limit_level(b.tokens, b.updated_at, $2, $3) >= 1 THEN 1 ELSE 0 END)
            / $3)
RETURNING granted, tokens)sql";

constexpr const char* kGiveBack = R"sql(
UPDATE rate_limit_buckets AS b SET
  tokens = least($2::float8, rate_limit_level(b.tokens, b.updated_at, $2, $3) + 1),
  updated_at = greatest(b.updated_at, now()),
  full_at = greatest(b.updated_at, now()) + make_interval(secs =>
            greatest(0, $2 - rate_limit_level(b.tokens, b.updated_at, $2, $3) - 1) / $3::float8)
WHERE bucket = $1)sql";

}  // namespace

PgBucketStore::PgBucketStore(const std::string& url, size_t pool_size,
                             std::chrono::milliseconds acquire_timeout)
    // A database that does not answer must fail a connect within a second: the gateway then
    // answers from its own buckets instead of holding the request.
    : pool_(common::db::with_connect_timeout(url, 1), pool_size, acquire_timeout,
            "SET synchronous_commit = off") {}

template <typename Work>
auto PgBucketStore::run(Work&& work) {
  std::optional<common::db::ConnectionPool::Lease> lease;
  try {
    lease.emplace(pool_.acquire());
  } catch (const common::Error& e) {
    throw StoreUnavailable(e.what());
  }
  try {
    return work(**lease);
  } catch (const pqxx::broken_connection& e) {
    lease->mark_broken();
    throw StoreUnavailable(e.what());
  }
}

Take PgBucketStore::take(std::string_view bucket, BucketShape shape) {
  prune_when_due();
  return run([&](pqxx::connection& conn) {
    pqxx::nontransaction tx(conn);
    const auto row = tx.exec_params1(kTake, std::string(bucket), shape.capacity, shape.per_second);
    return Take{row[0].as<bool>(), row[1].as<double>()};
  });
}

void PgBucketStore::give_back(std::string_view bucket, BucketShape shape) {
  run([&](pqxx::connection& conn) {
    pqxx::nontransaction tx(conn);
    tx.exec_params0(kGiveBack, std::string(bucket), shape.capacity, shape.per_second);
  });
}

long long PgBucketStore::prune(std::chrono::seconds grace) {
  return run([&](pqxx::connection& conn) {
    pqxx::nontransaction tx(conn);
    return static_cast<long long>(
        tx.exec_params0("DELETE FROM rate_limit_buckets WHERE full_at < now() - make_interval("
                        "secs => $1)",
                        static_cast<double>(grace.count()))
            .affected_rows());
  });
}

void PgBucketStore::prune_when_due() {
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  auto due = next_prune_.load();
  if (now < due) return;
  const auto next =
      now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::minutes(1))
                .count();
  if (!next_prune_.compare_exchange_strong(due, next)) return;  // another thread prunes
  try {
    const long long pruned = prune();
    if (pruned > 0) common::log::info("rate_limit_buckets_pruned", {{"rows", pruned}});
  } catch (const std::exception& e) {
    common::log::warn("rate_limit_buckets_prune_failed", {{"what", e.what()}});
  }
}

}  // namespace gateway::limits
