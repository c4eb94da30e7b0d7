#include "gateway/routes/health_metrics.hpp"

#include <memory>
#include <mutex>

#include "common/http/http.hpp"
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
    common::http::ensure_request_id(req, res);
    res.set_content(ctx.metrics.render(), "text/plain; version=0.0.4");
  });
}

}  // namespace gateway::routes
