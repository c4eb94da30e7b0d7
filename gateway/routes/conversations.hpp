// gateway/routes/conversations.hpp — GET /api/conversations/{id}, a conversation for its owner.
#pragma once

namespace gateway {
class Router;
struct Context;
}  // namespace gateway

namespace gateway::routes {

void add_conversations_routes(Router& router, Context& ctx);

}  // namespace gateway::routes
