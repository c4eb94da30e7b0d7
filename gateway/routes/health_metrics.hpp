// gateway/routes/health_metrics.hpp — GET /health and GET /metrics.
#pragma once

namespace gateway {
class Router;
struct Context;
}  // namespace gateway

namespace gateway::routes {

void add_health_metrics_routes(Router& router, Context& ctx);

}  // namespace gateway::routes
