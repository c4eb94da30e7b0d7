// gateway/server/metrics.hpp — Prometheus counters and histograms for GET /metrics.
// Routes are labelled by the router (gateway/server/router.hpp), never by raw paths.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace gateway {

class Metrics {
 public:
  void observe_request(std::string_view route, int status, double seconds);
  void count_upstream_error(std::string_view kind);
  void count_rate_limited(std::string_view limiter);
  void count_login(bool ok);
  [[nodiscard]] std::string render();

 private:
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   10};
  struct Histogram {
    std::array<unsigned long long, kBuckets.size()> buckets{};
    unsigned long long count = 0;
    double sum = 0;
  };
  std::mutex mutex_;
  std::map<std::pair<std::string, int>, unsigned long long> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, unsigned long long> upstream_errors_;
  std::map<std::string, unsigned long long> rate_limited_;
  unsigned long long logins_ok_ = 0;
  unsigned long long logins_failed_ = 0;
};

}  // namespace gateway
