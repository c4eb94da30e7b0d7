// gateway/tests/limit_store_cases.hpp — what every shared limits store (PostgreSQL, Redis) is
// tested for the same way.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gateway/limits/shared_limiter.hpp"

namespace gateway::testing {

// Two gateways' limiters on one bucket, hammered by 8 threads (4 on each) making 20 attempts each
// for `key`: how many attempts were granted.
inline int granted_to_two_gateways(limits::SharedLimiter& a, limits::SharedLimiter& b,
                                   const std::string& key) {
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      limits::SharedLimiter& limiter = t % 2 == 0 ? a : b;
      for (int i = 0; i < 20; ++i) {
        if (limiter.acquire(key).allowed) ++granted;
      }
    });
  }
  for (auto& t : threads) t.join();
  return granted.load();
}

}  // namespace gateway::testing
