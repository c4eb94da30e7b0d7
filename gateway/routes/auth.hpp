// gateway/routes/auth.hpp — POST /api/auth/login (sign in) and GET /api/me (who the token speaks
// for).
#pragma once

namespace gateway {
class Router;
struct Context;
}  // namespace gateway

namespace gateway::routes {

void add_auth_routes(Router& router, Context& ctx);

}  // namespace gateway::routes
