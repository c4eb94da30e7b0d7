// gateway/routes/ask.hpp — POST /api/ask, JSON or an event stream relayed from the copilot.
#pragma once

namespace gateway {
class Router;
struct Context;
}  // namespace gateway

namespace gateway::routes {

void add_ask_routes(Router& router, Context& ctx);

}  // namespace gateway::routes
