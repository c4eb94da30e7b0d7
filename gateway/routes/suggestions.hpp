// gateway/routes/suggestions.hpp — GET /api/suggestions, example questions for the caller's role.
#pragma once

namespace gateway {
class Router;
struct Context;
}  // namespace gateway

namespace gateway::routes {

void add_suggestions_routes(Router& router, Context& ctx);

}  // namespace gateway::routes
