#include "gateway/routes/routes.hpp"

#include <sodium.h>

#include <memory>
#include <mutex>

#include "common/http/http.hpp"
#include "gateway/limits/client_address.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using std::chrono::steady_clock;

// The copilot's health, asked at most once a second whatever the rate of /health calls.
struct CopilotHealth {
  std::mutex mutex;
  steady_clock::time_point checked{};
  bool healthy = false;

  bool get(ask::CopilotClient& copilot) {
    const std::lock_guard lock(mutex);
    if (steady_clock::now() - checked >= std::chrono::seconds(1)) {
      healthy = copilot.healthy();
      checked = steady_clock::now();
    }
    return healthy;
  }
};

// A loopback client (the address per TRUSTED_PROXIES, so not anyone behind a local proxy), or
// `Authorization: Bearer <METRICS_TOKEN>` compared in constant time.
bool may_read_metrics(const Context& ctx, const httplib::Request& req) {
  if (limits::is_loopback(request_scope().client_ip)) return true;
  const std::string& expected = ctx.config.metrics_token;
  if (expected.empty()) return false;
  const std::string header = req.get_header_value("Authorization");
  const auto given = auth::bearer_token(header);
  return given.size() == expected.size() &&
         sodium_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

}  // namespace

void add_health_metrics_routes(Router& router, Context& ctx) {
  auto copilot_health = std::make_shared<CopilotHealth>();
  router.get("/health", "/health",
             [&ctx, copilot_health](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) {
                 const bool healthy = copilot_health->get(ctx.copilot);
                 common::http::write_json(res, 200,
                                          {{"status", "ok"}, {"copilot", healthy ? "ok" : "down"}});
               });
             });
  router.get("/metrics", "/metrics", [&ctx](const httplib::Request& req, httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string&) {
      if (!may_read_metrics(ctx, req)) {
        throw common::Error::forbidden(
            "metrics are served to loopback clients, or with the metrics token");
      }
      Metrics::Gauges gauges;
      const auto audit = ctx.audit.counts();
      gauges.audit_written = audit.written;
      gauges.audit_dropped = audit.dropped;
      gauges.audit_queued = audit.queued;
      if (const auto* s = ctx.connection_stats) {
        gauges.connections_refused_per_ip = s->refused_per_ip;
        gauges.head_timeouts = s->head_timeouts;
        gauges.body_timeouts = s->body_timeouts;
        gauges.bodies_too_large = s->too_large;
        gauges.idle_closed = s->idle_closed;
      }
      gauges.asks_abandoned = ctx.copilot.abandoned();
      res.set_content(ctx.metrics.render(gauges), "text/plain; version=0.0.4");
    });
  });
}

}  // namespace gateway::routes
