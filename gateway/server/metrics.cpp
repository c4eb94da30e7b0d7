#include "gateway/server/metrics.hpp"

#include "common/memory/allocator.hpp"

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

void Metrics::count_password_check() {
  const std::lock_guard lock(mutex_);
  ++password_checks_;
}

void Metrics::count_audit_suppressed(std::string_view reason) {
  const std::lock_guard lock(mutex_);
  ++audit_suppressed_[std::string(reason)];
}

std::string Metrics::render(const Gauges& g) {
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
  for (const char* limiter : {"login_user", "login_ip", "ask_user", "ask_in_flight"}) {
    const auto it = rate_limited_.find(limiter);
    out << "gateway_rate_limited_total{limiter=\"" << limiter << "\"} "
        << (it == rate_limited_.end() ? 0 : it->second) << '\n';
  }
  out << "# HELP gateway_logins_total Login attempts by outcome.\n"
         "# TYPE gateway_logins_total counter\n"
      << "gateway_logins_total{outcome=\"ok\"} " << logins_ok_ << '\n'
      << "gateway_logins_total{outcome=\"failed\"} " << logins_failed_ << '\n'
      << "# HELP gateway_password_checks_total argon2id verifications started by logins.\n"
         "# TYPE gateway_password_checks_total counter\n"
      << "gateway_password_checks_total " << password_checks_ << '\n'
      << "# HELP gateway_audit_records_total Gateway audit records by fate: written, dropped "
         "(the queue stayed full or the database refused the row), suppressed (a flood from one "
         "address, counted instead of written).\n"
         "# TYPE gateway_audit_records_total counter\n"
      << "gateway_audit_records_total{outcome=\"written\"} " << g.audit_written << '\n'
      << "gateway_audit_records_total{outcome=\"dropped\"} " << g.audit_dropped << '\n';
  for (const char* reason : {"unauthorized", "rate_limited"}) {
    const auto it = audit_suppressed_.find(reason);
    out << "gateway_audit_records_total{outcome=\"suppressed\",reason=\"" << reason << "\"} "
        << (it == audit_suppressed_.end() ? 0 : it->second) << '\n';
  }
  out << "# HELP gateway_audit_queue_depth Audit records waiting for the writer.\n"
         "# TYPE gateway_audit_queue_depth gauge\n"
      << "gateway_audit_queue_depth " << g.audit_queued << '\n'
      << "# HELP gateway_connections_closed_total Connections ended by a limit.\n"
         "# TYPE gateway_connections_closed_total counter\n"
      << "gateway_connections_closed_total{reason=\"per_ip_cap\"} " << g.connections_refused_per_ip
      << '\n'
      << "gateway_connections_closed_total{reason=\"head_timeout\"} " << g.head_timeouts << '\n'
      << "gateway_connections_closed_total{reason=\"body_timeout\"} " << g.body_timeouts << '\n'
      << "gateway_connections_closed_total{reason=\"too_large\"} " << g.bodies_too_large << '\n'
      << "gateway_connections_closed_total{reason=\"idle\"} " << g.idle_closed << '\n'
      << "# HELP gateway_asks_abandoned_total Asks whose caller went away before the answer: the "
         "copilot call was closed.\n"
         "# TYPE gateway_asks_abandoned_total counter\n"
      << "gateway_asks_abandoned_total " << g.asks_abandoned << '\n'
      << common::memory::render_heap_metrics("gateway");
  return out.str();
}

}  // namespace gateway
