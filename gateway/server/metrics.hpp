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
  // One argon2id verification started (what a login limit has to bound).
  void count_password_check();
  // A refusal counted instead of audited (a flood from one address), by reason.
  void count_audit_suppressed(std::string_view reason);

  // Figures other parts own, read when /metrics is asked.
  struct Gauges {
    unsigned long long audit_written = 0;
    unsigned long long audit_dropped = 0;
    size_t audit_queued = 0;
    unsigned long long connections_refused_per_ip = 0;
    unsigned long long head_timeouts = 0;
    unsigned long long body_timeouts = 0;
    unsigned long long bodies_too_large = 0;
    unsigned long long idle_closed = 0;
    unsigned long long asks_abandoned = 0;
  };
  [[nodiscard]] std::string render(const Gauges& gauges);

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
  std::map<std::string, unsigned long long> audit_suppressed_;
  unsigned long long logins_ok_ = 0;
  unsigned long long logins_failed_ = 0;
  unsigned long long password_checks_ = 0;
};

}  // namespace gateway
