// gateway/routes/audit.hpp — GET /api/audit, the audit trail for admins.
#pragma once

namespace gateway {
class Router;
struct Context;
}  // namespace gateway

namespace gateway::routes {

void add_audit_routes(Router& router, Context& ctx);

}  // namespace gateway::routes
