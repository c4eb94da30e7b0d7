#include "gateway/routes/routes.hpp"

#include "common/http/http.hpp"
#include "gateway/audit/audit_log.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

std::optional<std::string> query_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

}  // namespace

void add_audit_routes(Router& router, Context& ctx) {
  router.get(
      "/api/audit", "/api/audit", [&ctx](const httplib::Request& req, httplib::Response& res) {
        common::http::guarded(req, res, [&](const std::string&) {
          const auto user = ctx.require_user(req);
          if (user.role != "admin") {
            throw common::Error::forbidden("the audit trail is for admins only");
          }
          const auto query = audit::parse_audit_query(
              query_param(req, "limit"), query_param(req, "offset"), query_param(req, "status"),
              query_param(req, "user"), query_param(req, "since"), query_param(req, "until"));
          common::http::write_json(res, 200, audit::read_audit_page(ctx.pool, user.org_id, query));
        });
      });
}

}  // namespace gateway::routes
