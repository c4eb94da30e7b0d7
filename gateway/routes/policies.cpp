#include <charconv>

#include "common/http/http.hpp"
#include "common/log/log.hpp"
#include "common/text/utf8.hpp"
#include "gateway/policies/policies.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

auth::Principal require_admin(Context& ctx, const httplib::Request& req) {
  auto user = ctx.require_user(req);
  if (user.role != "admin") throw Error::forbidden("policies are for admins only");
  return user;
}

// A saved version in the audit trail: the versions before and after, and what changed (a JSON
// Patch, RFC 6902, from the document before to the one after). Both documents stay in
// policy_versions, which nobody can rewrite.
void record_saved(Context& ctx, const auth::Principal& admin, const std::string& request_id,
                  const policies::SaveRequest& request, const policies::Saved& saved) {
  auto record = record_for(admin, request_id);
  const long long after = saved.version.value("version", 0LL);
  record.question = "policy version " + std::to_string(after) + " saved (was " +
                    std::to_string(saved.before) + ")" +
                    (request.comment.empty() ? "" : ": " + request.comment);
  record.http_status = 201;
  record.status = "policy_saved";
  record.error_code = "policy_saved";
  record.error_message = request.comment;
  const json before = saved.before_rules.is_null() ? json::object() : saved.before_rules;
  record.details = {{"policy",
                     {{"before_version", saved.before},
                      {"after_version", after},
                      {"comment", request.comment},
                      {"diff", json::diff(before, request.rules)}}}};
  ctx.audit.record(std::move(record));
}

// A save refused (not an admin, malformed, not compiling, stale base) by a signed-in user: the
// version in force and what was proposed, as sent.
void record_refused(Context& ctx, const auth::Principal& user, const std::string& request_id,
                    const httplib::Request& req, const Error& e) {
  auto record = record_for(user, request_id);
  std::optional<long long> in_force;
  try {
    if (const auto current = policies::active(ctx.pool, user.org_id)) {
      in_force = (*current)["version"].get<long long>();
    }
  } catch (const std::exception&) {  // the database may be why it was refused: recorded without
  }
  record.question =
      "policy save refused" +
      (in_force ? " (version " + std::to_string(*in_force) + " in force)" : std::string());
  record.http_status = e.http_status();
  record.error_code = e.code();
  record.error_message = e.what();
  // The body as received (at most the gateway's 64 KB), repaired to storable text: a refused
  // document may not be JSON at all.
  record.details = {{"policy",
                     {{"before_version", in_force ? json(*in_force) : json(nullptr)},
                      {"proposed", common::text::sanitize_utf8(req.body)},
                      {"field", e.extra().value("field", "")}}}};
  ctx.audit.record(std::move(record));
}

void put_policy(Context& ctx, const httplib::Request& req, httplib::Response& res,
                const std::string& request_id) {
  const auto user = ctx.require_user(req);
  try {
    if (user.role != "admin") throw Error::forbidden("policies are for admins only");
    const auto request = policies::parse_save_request(common::http::parse_json_object(req));
    const auto saved = policies::save(ctx.pool, user.org_id, request, user.user_id, user.username);
    record_saved(ctx, user, request_id, request, saved);
    common::log::info("policy_saved", {{"request_id", request_id},
                                       {"version", saved.version["version"]},
                                       {"before", saved.before},
                                       {"admin", user.username}});
    json out = saved.version;
    out["previous_version"] = saved.before;
    common::http::write_json(res, 201, out);
  } catch (const Error& e) {
    record_refused(ctx, user, request_id, req, e);
    throw;
  }
}

}  // namespace

void add_policies_routes(Router& router, Context& ctx) {
  router.get("/api/policies", "/api/policies",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) {
                 const auto admin = require_admin(ctx, req);
                 const auto current = policies::active(ctx.pool, admin.org_id);
                 if (!current) {
                   throw Error::not_found(
                       "no policy version yet: the copilot writes version 1 from its rules file "
                       "when it starts");
                 }
                 common::http::write_json(res, 200, *current);
               });
             });
  router.put("/api/policies", "/api/policies",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string& request_id) {
                 put_policy(ctx, req, res, request_id);
               });
             });
  router.get("/api/policies/versions", "/api/policies/versions",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) {
                 const auto admin = require_admin(ctx, req);
                 int limit = 50;
                 if (req.has_param("limit")) {
                   const auto value = positive_id(req.get_param_value("limit"));
                   if (!value || *value > 200) {
                     throw Error::invalid_field("limit", "limit must be an integer from 1 to 200");
                   }
                   limit = static_cast<int>(*value);
                 }
                 common::http::write_json(res, 200, policies::list(ctx.pool, admin.org_id, limit));
               });
             });
  router.get(R"(/api/policies/versions/([^/]+))", "/api/policies/versions/:version",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) {
                 const auto admin = require_admin(ctx, req);
                 const auto number = path_id(req);
                 const auto found =
                     number ? policies::version(ctx.pool, admin.org_id, *number) : std::nullopt;
                 if (!found) throw Error::not_found("policy version not found");
                 common::http::write_json(res, 200, *found);
               });
             });
}

}  // namespace gateway::routes
