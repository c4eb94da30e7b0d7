// bench/gateway/limits_store_load.cpp — the cost of one rate-limit attempt in each store the
// gateway can share its buckets through (issue 18: PostgreSQL or Redis, measured to choose), and
// in memory for reference: acquire p50/p99 and attempts/s at 1 and 32 threads, on keys spread
// over 1,000 users and on one hot key (every thread on one bucket: the row lock / the script
// serialises them). Run by bench/limits_store.sh, which starts a redis-server of its own.
//   STORES ("memory postgres redis")  THREADS ("1 32")  DURATION_MS (3000)
//   APP_DATABASE_URL (the postgres store)  LIMITS_REDIS_URL (redis://127.0.0.1:6379)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/time/clock.hpp"
#include "gateway/limits/pg_bucket_store.hpp"
#include "gateway/limits/rate_limiter.hpp"
#include "gateway/limits/redis_bucket_store.hpp"
#include "gateway/limits/shared_limiter.hpp"

namespace {

using gateway::limits::Limiter;
using Clock = std::chrono::steady_clock;

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

struct Result {
  double per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  long long fallbacks = 0;
};

Result run(Limiter& limiter, int threads, bool hot, std::chrono::milliseconds duration) {
  std::vector<std::vector<double>> latencies(static_cast<size_t>(threads));
  std::atomic<bool> go{false};
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(threads));
  const auto end_after = duration;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      const auto end = Clock::now() + end_after;
      auto& mine = latencies[static_cast<size_t>(t)];
      for (unsigned i = static_cast<unsigned>(t) * 7919U; Clock::now() < end; ++i) {
        const std::string key = hot ? "hot" : "user" + std::to_string(i % 1000);
        const auto start = Clock::now();
        (void)limiter.acquire(key);
        mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      }
    });
  }
  const auto start = Clock::now();
  go.store(true);
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  Result r;
  r.per_second = static_cast<double>(all.size()) / seconds;
  if (!all.empty()) {
    r.p50_us = all[all.size() / 2];
    r.p99_us = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return r;
}

}  // namespace

int main() {
  const common::SystemClock clock;
  const auto duration = std::chrono::milliseconds(std::stol(env_or("DURATION_MS", "3000")));
  const auto stores = words(env_or("STORES", "memory postgres redis"));
  const auto threads = words(env_or("THREADS", "1 32"));
  std::printf(
      "| store | threads | keys | attempts/s | p50 µs | p99 µs |\n|---|---|---|---|---|---|\n");
  for (const auto& kind : stores) {
    std::unique_ptr<gateway::limits::BucketStore> store;
    if (kind == "postgres") {
      store = std::make_unique<gateway::limits::PgBucketStore>(env_or("APP_DATABASE_URL", ""), 32);
    } else if (kind == "redis") {
      store = std::make_unique<gateway::limits::RedisBucketStore>(
          env_or("LIMITS_REDIS_URL", "redis://127.0.0.1:6379"), 32);
    }
    for (const auto& t : threads) {
      for (const bool hot : {false, true}) {
        // Capacity far above what a run takes: every attempt is granted (the cost measured is
        // the store's, not a refusal's). A bench-only name keeps these rows apart.
        std::unique_ptr<Limiter> limiter;
        const std::string name = "bench_" + std::to_string(std::rand());
        if (store) {
          limiter = std::make_unique<gateway::limits::SharedLimiter>(
              *store, name, clock, 1000000000, std::chrono::seconds(1));
        } else {
          limiter = std::make_unique<gateway::limits::RateLimiter>(clock, 1000000000,
                                                                   std::chrono::seconds(1));
        }
        const Result r = run(*limiter, std::stoi(t), hot, duration);
        const auto* shared = dynamic_cast<gateway::limits::SharedLimiter*>(limiter.get());
        if (shared != nullptr && shared->falling_back()) {
          std::fprintf(stderr, "error: the %s store was unreachable during the run\n",
                       kind.c_str());
          return 1;
        }
        std::printf("| %s | %s | %s | %.0f | %.0f | %.0f |\n", kind.c_str(), t.c_str(),
                    hot ? "1 hot key" : "1,000 keys", r.per_second, r.p50_us, r.p99_us);
        std::fflush(stdout);
      }
    }
  }
  return 0;
}
