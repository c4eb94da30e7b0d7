#include "gateway/server/metrics.hpp"

#include <sstream>

namespace gateway {

void Metrics::observe_request(std::string_view route, int status, double seconds) {
  const std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
  auto& histogram = latency_[std::string(route)];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::count_upstream_error(std::string_view kind) {
  const std::lock_guard lock(mutex_);
  ++upstream_errors_[std::string(kind)];
}

void Metrics::count_rate_limited(std::string_view limiter) {
  const std::lock_guard lock(mutex_);
  ++rate_limited_[std::string(limiter)];
}

void Metrics::count_login(bool ok) {
  const std::lock_guard lock(mutex_);
  ++(ok ? logins_ok_ : logins_failed_);
}

std::string Metrics::render() {
  const std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP gateway_requests_total HTTP requests by route and status.\n"
         "# TYPE gateway_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out << "gateway_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} "
        << count << '\n';
  }
  out << "# HELP gateway_request_duration_seconds Request latency by route.\n"
         "# TYPE gateway_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out << "gateway_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
          << kBuckets[i] << "\"} " << h.buckets[i] << '\n';
    }
    out << "gateway_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
        << h.count << '\n';
    out << "gateway_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << '\n';
    out << "gateway_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << '\n';
  }
  out << "# HELP gateway_upstream_errors_total Copilot failures by kind.\n"
         "# TYPE gateway_upstream_errors_total counter\n";
  for (const char* kind : {"unavailable", "timeout", "bad_reply"}) {
    const auto it = upstream_errors_.find(kind);
    out << "gateway_upstream_errors_total{kind=\"" << kind << "\"} "
        << (it == upstream_errors_.end() ? 0 : it->second) << '\n';
  }
  out << "# HELP gateway_rate_limited_total Requests refused by a rate limit.\n"
         "# TYPE gateway_rate_limited_total counter\n";
  for (const char* limiter : {"login_user", "login_ip", "ask_user"}) {
    const auto it = rate_limited_.find(limiter);
    out << "gateway_rate_limited_total{limiter=\"" << limiter << "\"} "
        << (it == rate_limited_.end() ? 0 : it->second) << '\n';
  }
  out << "# HELP gateway_logins_total Login attempts by outcome.\n"
         "# TYPE gateway_logins_total counter\n"
      << "gateway_logins_total{outcome=\"ok\"} " << logins_ok_ << '\n'
      << "gateway_logins_total{outcome=\"failed\"} " << logins_failed_ << '\n';
  return out.str();
}

}  // namespace gateway
