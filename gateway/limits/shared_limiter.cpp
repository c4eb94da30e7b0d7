#include "gateway/limits/shared_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "common/log/log.hpp"

namespace gateway::limits {
namespace {

constexpr size_t kMaxPlainKey = 200;

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

SharedLimiter::SharedLimiter(BucketStore& store, std::string name, const common::Clock& clock,
                             int capacity, std::chrono::milliseconds window,
                             std::chrono::milliseconds retry_after)
    : store_(store),
      name_(std::move(name)),
      clock_(clock),
      shape_{
          static_cast<double>(std::max(1, capacity)),
          std::max(1, capacity) / std::max(0.001, std::chrono::duration<double>(window).count())},
      local_(clock, capacity, window),
      retry_after_(retry_after) {}

std::string SharedLimiter::bucket(std::string_view key) const {
  const bool plain = key.size() <= kMaxPlainKey && std::all_of(key.begin(), key.end(), [](char c) {
                       return c > ' ' && c < 0x7f;
                     });
  if (plain) return name_ + ":" + std::string(key);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(key)));
  return name_ + ":#" + hex;
}

bool SharedLimiter::store_usable() {
  if (!falling_back_.load()) return true;
  // While falling back, one attempt per `retry_after_` tries the store again.
  auto due = retry_at_.load();
  const auto now = clock_.steady_now().time_since_epoch().count();
  return now >= due &&
         retry_at_.compare_exchange_strong(
             due,
             now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(retry_after_)
                       .count());
}

void SharedLimiter::store_failed(const std::exception& e) {
  retry_at_.store((clock_.steady_now() +
                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(retry_after_))
                      .time_since_epoch()
                      .count());
  if (!falling_back_.exchange(true)) {
    common::log::error("limits_store_unavailable", {{"limiter", name_},
                                                    {"store", store_.kind()},
                                                    {"what", e.what()},
                                                    {"fallback", "per-instance buckets"}});
  }
}

Decision SharedLimiter::acquire(std::string_view key) {
  if (store_usable()) {
    try {
      const Take take = store_.take(bucket(key), shape_);
      if (falling_back_.exchange(false)) {
        common::log::info("limits_store_back", {{"limiter", name_}, {"store", store_.kind()}});
      }
      if (take.granted) return {true, std::chrono::seconds(0)};
      const double wait = (1.0 - take.tokens) / shape_.per_second;
      const auto seconds = static_cast<long>(std::ceil(wait - 1e-6));
      return {false, std::chrono::seconds(std::max(1L, seconds))};
    } catch (const StoreUnavailable& e) {
      store_failed(e);
    } catch (const std::exception& e) {
      // The store refused this one attempt (not unreachable): this key's answer comes from the
      // local bucket, the others keep using the store.
      common::log::warn("limits_store_refused", {{"limiter", name_}, {"what", e.what()}});
    }
  }
  return local_.acquire(key);
}

void SharedLimiter::refund(std::string_view key) {
  if (!falling_back_.load()) {
    try {
      store_.give_back(bucket(key), shape_);
      return;
    } catch (const StoreUnavailable& e) {
      store_failed(e);
    } catch (const std::exception& e) {
      common::log::warn("limits_store_refused", {{"limiter", name_}, {"what", e.what()}});
    }
  }
  local_.refund(key);
}

}  // namespace gateway::limits
