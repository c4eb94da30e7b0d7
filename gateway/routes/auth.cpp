#include "gateway/routes/auth.hpp"

#include "common/http/http.hpp"
#include "common/log/log.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

json user_json(const auth::Identity& who) {
  return {{"user_id", who.user_id},
          {"username", who.username},
          {"role", who.role},
          {"store_ids", who.store_ids},
          {"is_all_stores", who.is_all_stores}};
}

void login(Context& ctx, const httplib::Request& req, httplib::Response& res,
           const std::string& request_id) {
  const std::string ip = ctx.client_ip(req);
  if (const auto d = ctx.login_ip_limiter.acquire(ip); !d.allowed) {
    ctx.rate_limited(res, "login_ip", d.retry_after);
  }
  const json body = common::http::parse_json_object(req);
  const auto username = body.find("username");
  const auto password = body.find("password");
  if (username == body.end() || !username->is_string() ||
      username->get_ref<const std::string&>().empty() ||
      username->get_ref<const std::string&>().size() > 64) {
    throw Error::invalid_field("username", "username must be a string of 1-64 characters");
  }
  if (password == body.end() || !password->is_string() ||
      password->get_ref<const std::string&>().empty() ||
      password->get_ref<const std::string&>().size() > 256) {
    throw Error::invalid_field("password", "password must be a string of 1-256 characters");
  }
  const std::string& name = username->get_ref<const std::string&>();
  if (const auto d = ctx.login_user_limiter.check(name); !d.allowed) {
    ctx.rate_limited(res, "login_user", d.retry_after);
  }
  // Unknown, disabled and wrong password take the same path and the same time.
  const auto user = ctx.users.by_username(name);
  const bool usable = user && !user->disabled;
  const bool ok =
      ctx.passwords.verify(usable ? std::optional<std::string>(user->password_hash) : std::nullopt,
                           password->get_ref<const std::string&>());
  ctx.metrics.count_login(ok);
  if (!ok) {
    ctx.login_user_limiter.charge(name);
    common::log::info("login_failed", {{"request_id", request_id}, {"client", ip}});
    throw Error::unauthorized("invalid username or password");
  }
  request_scope().user = user->username;
  const auth::Identity identity{user->user_id, user->username, user->role, user->store_ids,
                                user->is_all_stores};
  const std::string token = ctx.codec.issue(identity, ctx.clock.now());
  common::http::write_json(res, 200,
                           {{"access_token", token},
                            {"token_type", "Bearer"},
                            {"expires_in", ctx.codec.ttl().count()},
                            {"user", user_json(identity)}});
}

}  // namespace

void add_auth_routes(Router& router, Context& ctx) {
  router.post("/api/auth/login", "/api/auth/login",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string& request_id) {
                  login(ctx, req, res, request_id);
                });
              });
  router.get("/api/me", "/api/me", [&ctx](const httplib::Request& req, httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string&) {
      const auto p = ctx.require_user(req);
      common::http::write_json(
          res, 200, user_json({p.user_id, p.username, p.role, p.store_ids, p.is_all_stores}));
    });
  });
}

}  // namespace gateway::routes
