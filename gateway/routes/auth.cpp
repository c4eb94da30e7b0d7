#include "gateway/routes/routes.hpp"

#include "common/http/http.hpp"
#include "common/log/log.hpp"
#include "gateway/auth/login_request.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

json user_json(const auth::Identity& who) {
  return {
      {"user_id", who.user_id},     {"username", who.username},           {"role", who.role},
      {"store_ids", who.store_ids}, {"is_all_stores", who.is_all_stores}, {"org_id", who.org_id}};
}

void login(Context& ctx, const httplib::Request& req, httplib::Response& res,
           const std::string& request_id) {
  // Every attempt costs the client address a token first, whatever it sends.
  const std::string& ip = request_scope().client_ip;
  if (const auto d = ctx.login_ip_limiter->acquire(ip); !d.allowed) {
    ctx.rate_limited(res, "login_ip", d.retry_after);
  }
  if (!ctx.config.password_login) {
    ctx.sign_in.record("password",
                       {.user = std::nullopt,
                        .reason = "password_login_disabled",
                        .subject = {},
                        .username = {},
                        .org_id = 0},
                       {request_id, ip}, nlohmann::json::object());
    throw Error(403, "password_login_disabled",
                "password sign-in is switched off: sign in through your identity provider");
  }
  // The username is checked before anything uses it (the limiter key, the database).
  const auth::LoginRequest login = auth::validate_login(common::http::parse_json_object(req));
  // The username's budget is taken here, before the password hash, in one step with its check:
  // concurrent guesses cannot all pass a check made before any of them was counted.
  if (const auto d = ctx.login_user_limiter->acquire(login.username); !d.allowed) {
    ctx.rate_limited(res, "login_user", d.retry_after);
  }
  // Unknown, disabled and wrong password take the same path and the same time.
  const auto user = ctx.users.by_username(login.username);
  // A user of an identity provider has no password (an empty hash): never usable here.
  const bool usable = user && !user->disabled && !user->password_hash.empty();
  ctx.metrics.count_password_check();
  const bool ok = ctx.passwords.verify(
      usable ? std::optional<std::string>(user->password_hash) : std::nullopt, login.password);
  ctx.metrics.count_login(ok);
  ctx.sign_in.record("password",
                     {.user = ok ? user : std::nullopt,
                      .reason = ok ? "" : "bad_credentials",
                      .subject = {},
                      .username = login.username,
                      .org_id = ok ? user->org_id : 0},
                     {request_id, ip}, nlohmann::json::object());
  if (!ok) {
    common::log::info("login_failed", {{"request_id", request_id}, {"client", ip}});
    throw Error::unauthorized("invalid username or password");
  }
  // The limit counts failures: a success gives its token back.
  ctx.login_user_limiter->refund(login.username);
  request_scope().user = user->username;
  const auth::Identity identity{user->user_id,   user->username,      user->role,
                                user->store_ids, user->is_all_stores, user->org_id};
  const std::string token = ctx.codec.issue(identity, ctx.clock.now());
  common::http::write_json(res, 200,
                           {{"access_token", token},
                            {"token_type", "Bearer"},
                            {"expires_in", ctx.codec.ttl().count()},
                            {"user", user_json(identity)}});
}

// Signs the token out: its key goes to the deny-list, and from the moment this answers, this
// instance refuses it (other instances within their cache TTL).
void logout(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto auth = ctx.authenticator.authenticate(req.get_header_value("Authorization"));
  if (!auth.principal) {
    common::log::info("auth_refused", {{"reason", auth.reason}});
    throw Error::unauthorized("missing or invalid access token");
  }
  request_scope().user = auth.principal->username;
  ctx.revoked_tokens.revoke(auth.revocation_key, auth.principal->user_id, auth.expires_at);
  common::log::info(
      "logout", {{"request_id", request_scope().request_id}, {"user", auth.principal->username}});
  res.status = 204;
  res.set_header("Cache-Control", "no-store");
}

}  // namespace

void add_auth_routes(Router& router, Context& ctx) {
  router.post("/api/auth/login", "/api/auth/login",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string& request_id) {
                  login(ctx, req, res, request_id);
                });
              });
  router.post("/api/auth/logout", "/api/auth/logout",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string&) { logout(ctx, req, res); });
              });
  router.get("/api/me", "/api/me", [&ctx](const httplib::Request& req, httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string&) {
      const auto p = ctx.require_user(req);
      common::http::write_json(
          res, 200,
          user_json({p.user_id, p.username, p.role, p.store_ids, p.is_all_stores, p.org_id}));
    });
  });
}

}  // namespace gateway::routes
