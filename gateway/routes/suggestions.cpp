#include "gateway/routes/routes.hpp"

#include "common/http/http.hpp"
#include "gateway/ask/suggestions.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {

void add_suggestions_routes(Router& router, Context& ctx) {
  router.get("/api/suggestions", "/api/suggestions",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) {
                 const auto user = ctx.require_user(req);
                 common::http::write_json(
                     res, 200,
                     {{"role", user.role}, {"suggestions", ask::suggestions_for(user.role)}});
               });
             });
}

}  // namespace gateway::routes
