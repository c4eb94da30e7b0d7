// How one may sign in (GET /api/auth/config) and OpenID Connect sign-in. The gateway drives the
// flow and stays the only token authority: it holds the client secret, the state/nonce/PKCE
// verifier (in PostgreSQL), verifies the ID token and issues our own access token exactly as a
// password login does. The web server only relays the browser's callback and keeps the cookie.
#include "common/http/http.hpp"
#include "common/log/log.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

std::string string_field(const json& body, const char* name, size_t max) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_string() || it->get_ref<const std::string&>().size() > max) {
    throw Error::invalid_field(name, std::string(name) + " must be a string of at most " +
                                         std::to_string(max) + " characters");
  }
  return it->get<std::string>();
}

void require_oidc(const Context& ctx) {
  if (!ctx.config.oidc.enabled) {
    throw Error(404, "oidc_disabled", "sign-in through an identity provider is not configured");
  }
}

std::string refusal_message(const std::string& reason) {
  if (reason == "unmapped") {
    return "your account is not set up for the copilot: ask your administrator for access";
  }
  if (reason == "user_disabled") return "your account is disabled";
  if (reason == "username_taken") return "your account clashes with an existing user";
  if (reason == "provider_error") return "the identity provider did not sign you in";
  return "the sign-in could not be completed: start again";
}

void config(Context& ctx, httplib::Response& res) {
  json oidc = {{"enabled", ctx.config.oidc.enabled}};
  if (ctx.config.oidc.enabled) {
    oidc["provider_name"] = ctx.config.oidc.provider_name;
    if (const std::string url = ctx.sign_in.logout_url(); !url.empty()) oidc["logout_url"] = url;
  }
  res.set_header("Cache-Control", "no-store");
  common::http::write_json(res, 200,
                           {{"password_login", ctx.config.password_login}, {"oidc", oidc}});
}

void start(Context& ctx, httplib::Response& res) {
  require_oidc(ctx);
  const auto started = ctx.sign_in.start();
  if (!started) {
    throw Error(503, "provider_unavailable", "the identity provider cannot be reached");
  }
  res.set_header("Cache-Control", "no-store");
  common::http::write_json(res, 200,
                           {{"authorization_url", started->authorization_url},
                            {"state", started->state},
                            {"expires_in", started->expires_in}});
}

void callback(Context& ctx, const httplib::Request& req, httplib::Response& res,
              const std::string& request_id) {
  require_oidc(ctx);
  const std::string& ip = request_scope().client_ip;
  // Every callback costs the address a token; a sign-in that completes gives it back.
  if (const auto d = ctx.login_ip_limiter->acquire(ip); !d.allowed) {
    ctx.rate_limited(res, "login_ip", d.retry_after);
  }
  const json body = common::http::parse_json_object(req);
  const std::string state = string_field(body, "state", 256);
  const std::string code = string_field(body, "code", 4096);
  const std::string error = string_field(body, "error", 256);
  if (state.empty()) throw Error::invalid_field("state", "state is required");
  if (code.empty() && error.empty()) throw Error::invalid_field("code", "code is required");
  // The web relays the state it set in the browser's cookie when the sign-in started: a callback
  // carrying another browser's state (login CSRF) is refused. Optional for API clients.
  const bool browser_mismatch =
      body.contains("browser_state") && string_field(body, "browser_state", 256) != state;

  const auto outcome = browser_mismatch ? ctx.sign_in.refuse("bad_state", {request_id, ip})
                                        : ctx.sign_in.finish(state, code, error, {request_id, ip});
  ctx.metrics.count_login(outcome.ok());
  if (!outcome.ok()) {
    const int status =
        outcome.reason == "unmapped" || outcome.reason == "user_disabled" ? 403 : 401;
    throw Error(status, "sign_in_refused", refusal_message(outcome.reason),
                {{"reason", outcome.reason}});
  }
  ctx.login_ip_limiter->refund(ip);
  const auto& user = *outcome.user;
  request_scope().user = user.username;
  const auth::Identity identity{user.user_id,   user.username,      user.role,
                                user.store_ids, user.is_all_stores, user.org_id};
  const std::string token = ctx.codec.issue(identity, ctx.clock.now());
  res.set_header("Cache-Control", "no-store");
  common::http::write_json(res, 200,
                           {{"access_token", token},
                            {"token_type", "Bearer"},
                            {"expires_in", ctx.codec.ttl().count()},
                            {"user",
                             {{"user_id", identity.user_id},
                              {"username", identity.username},
                              {"role", identity.role},
                              {"store_ids", identity.store_ids},
                              {"is_all_stores", identity.is_all_stores},
                              {"org_id", identity.org_id}}}});
}

}  // namespace

void add_oidc_routes(Router& router, Context& ctx) {
  router.get("/api/auth/config", "/api/auth/config",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) { config(ctx, res); });
             });
  router.post("/api/auth/oidc/start", "/api/auth/oidc/start",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string&) { start(ctx, res); });
              });
  router.post("/api/auth/oidc/callback", "/api/auth/oidc/callback",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string& request_id) {
                  callback(ctx, req, res, request_id);
                });
              });
}

}  // namespace gateway::routes
