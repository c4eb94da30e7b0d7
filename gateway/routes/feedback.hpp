// gateway/routes/feedback.hpp — POST /api/feedback, a rating of an answer.
#pragma once

namespace gateway {
class Router;
struct Context;
}  // namespace gateway

namespace gateway::routes {

void add_feedback_routes(Router& router, Context& ctx);

}  // namespace gateway::routes
