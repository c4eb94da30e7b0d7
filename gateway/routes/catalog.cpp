#include "common/http/http.hpp"
#include "common/roles/roles.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

// The copilot builds each role's catalog (the semantic model checked against the role's reader
// in the database) and keeps it; the gateway asks for the caller's role from the token, never
// from the request, and adds the caller's stores.
json catalog_for(Context& ctx, const auth::Principal& user, const std::string& request_id) {
  const auto role = common::parse_role(user.role);
  if (!role) throw Error::forbidden("the role " + user.role + " has no catalog");
  const auto reply =
      ctx.copilot.get("/catalog?role=" + std::string(common::role_name(*role)), request_id);
  auto body = json::parse(reply.body, nullptr, false);
  if (reply.status == 503) {
    throw Error(503, "upstream_unavailable", "the catalog cannot be read right now");
  }
  if (reply.status != 200 || !body.is_object() || body.value("role", "") != user.role ||
      !body.contains("metrics") || !body.contains("views")) {
    throw Error(502, "upstream_error", "the copilot service gave no valid catalog");
  }
  body["store_ids"] = user.store_ids;
  body["is_all_stores"] = user.is_all_stores;
  return body;
}

}  // namespace

void add_catalog_routes(Router& router, Context& ctx) {
  router.get("/api/catalog", "/api/catalog",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string& request_id) {
                 const auto user = ctx.require_user(req);
                 common::http::write_json(res, 200, catalog_for(ctx, user, request_id));
               });
             });
}

}  // namespace gateway::routes
