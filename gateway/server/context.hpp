// gateway/server/context.hpp — what every route of the gateway shares: its settings and services
// (database pool, tokens, users, limits, copilot client, audit trail, metrics), and the checks
// they all make the same way (who is calling, from which address, how a refusal is answered and
// audited). Built once at start; the route files (gateway/routes/) receive it by reference.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/db/pool.hpp"
#include "common/http/bounded_server.hpp"
#include "common/time/clock.hpp"
#include "gateway/ask/copilot_client.hpp"
#include "gateway/audit/audit_log.hpp"
#include "gateway/auth/authenticator.hpp"
#include "gateway/auth/jwt.hpp"
#include "gateway/auth/passwords.hpp"
#include "gateway/auth/revocations.hpp"
#include "gateway/auth/users.hpp"
#include "gateway/limits/bucket_store.hpp"
#include "gateway/limits/in_flight.hpp"
#include "gateway/limits/limiter.hpp"
#include "gateway/limits/rate_limiter.hpp"
#include "gateway/oidc/http_fetch.hpp"
#include "gateway/oidc/provider_client.hpp"
#include "gateway/oidc/sign_in.hpp"
#include "gateway/server/config.hpp"
#include "gateway/server/metrics.hpp"

namespace gateway {

// Per-request facts for the log line and the audit trail. A request is served start to end on
// one pool thread (pre-routing, handler, content provider, logger), so one per thread is enough.
struct RequestScope {
  std::chrono::steady_clock::time_point start;
  std::string request_id;         // minted by the gateway for every request
  std::string client_request_id;  // the caller's X-Request-Id, only ever recorded
  std::string client_ip;          // per TRUSTED_PROXIES
  std::string user;
  bool started = false;
};
RequestScope& request_scope();

// What the audit trail needs about an ask, filled in as the request is understood.
struct AskTrace {
  std::string request_id;
  std::string client_request_id;
  std::chrono::steady_clock::time_point start;
  std::optional<auth::Identity> who;
  std::string question;
  std::optional<std::string> conversation_id;
};

struct Context {
  explicit Context(Config settings);
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const Config config;
  common::SystemClock clock;
  common::db::ConnectionPool pool;
  auth::TokenCodec codec;
  auth::PgUserDirectory users;
  auth::PgDenyList revoked_tokens;
  auth::Authenticator authenticator;
  auth::PasswordVerifier passwords;
  // The buckets every instance shares (LIMITS_STORE=postgres|redis); null with "memory".
  std::unique_ptr<limits::BucketStore> limit_store;
  std::unique_ptr<limits::Limiter> login_user_limiter;
  std::unique_ptr<limits::Limiter> login_ip_limiter;
  std::unique_ptr<limits::Limiter> ask_limiter;
  // Refusals of unknown callers audited per address: per instance on purpose, it only keeps one
  // instance's audit queue from filling with copies of one refusal.
  limits::RateLimiter audit_ip_limiter;
  limits::InFlight asks_in_flight;  // per instance: see Config::asks_in_flight_per_user
  ask::CopilotClient copilot;
  audit::AuditWriter audit;
  // OpenID Connect sign-in (used only when config.oidc.enabled).
  oidc::CurlFetcher oidc_http;
  oidc::ProviderClient oidc_provider;
  oidc::SignInFlow sign_in;
  Metrics metrics;
  // The server's connection counters (set once the server exists).
  const common::http::BoundedServer::Stats* connection_stats = nullptr;

  // The principal of an authenticated request, or Error 401.
  auth::Principal require_user(const httplib::Request& req);
  // The address the request came from (X-Forwarded-For only from a trusted proxy).
  [[nodiscard]] std::string client_ip(const httplib::Request& req) const;
  // Fills the request scope once the head is read: a new request id, the caller's own id kept
  // aside, the client's address.
  void begin_request(const httplib::Request& req, httplib::Response& res);
  // Answers 429 with Retry-After (throws the Error the route's guard turns into JSON).
  [[noreturn]] void rate_limited(httplib::Response& res, std::string_view limiter,
                                 std::chrono::seconds retry_after);
  // One audit row for an ask refused or failed at the gateway (when its caller is known).
  void audit_refusal(const AskTrace& trace, int status, const std::string& code,
                     const std::string& message);
};

double ms_since(std::chrono::steady_clock::time_point start);

// An audit row about `user`'s request (ids, role, stores, this request's ids and time so far):
// the start every route's own audit row fills in.
audit::GatewayRecord record_for(const auth::Principal& user, const std::string& request_id);

// What a request sent, for its audit row: the JSON body, or its text made valid UTF-8.
nlohmann::json sent_by(const httplib::Request& req);

// The audit row of one call of a resource route (saved questions, preferences, organisation
// memory, documents, the review queue): `what` as its question, `details` under `resource`, the
// outcome — or the error that refused it.
void record_call(Context& ctx, const auth::Principal& user, const std::string& request_id,
                 int status, const std::string& outcome, const std::string& what,
                 const std::string& resource, nlohmann::json details,
                 const common::Error* error = nullptr);

// Runs `work(admin)` when the caller is an admin; a refusal of a signed-in user (not an admin,
// bad input, an unknown id) is audited under `resource` with `facts` — by default what was
// sent — and the field at fault, then rethrown for the route's JSON error.
template <typename Work, typename Facts>
void for_admin(Context& ctx, const httplib::Request& req, const std::string& request_id,
               const std::string& resource, const std::string& refused, Work&& work,
               Facts&& facts) {
  const auto user = ctx.require_user(req);
  try {
    if (user.role != "admin") throw common::Error::forbidden(refused + " is for admins only");
    work(user);
  } catch (const common::Error& e) {
    nlohmann::json details = facts(req);
    details["field"] = e.extra().value("field", "");
    record_call(ctx, user, request_id, e.http_status(), "",
                refused + " refused (" + req.method + " " + req.path + ")", resource,
                std::move(details), &e);
    throw;
  }
}
template <typename Work>
void for_admin(Context& ctx, const httplib::Request& req, const std::string& request_id,
               const std::string& resource, const std::string& refused, Work&& work) {
  for_admin(ctx, req, request_id, resource, refused, std::forward<Work>(work),
            [](const httplib::Request& r) {
              return nlohmann::json{{"sent", sent_by(r)}};
            });
}

// The first path match as a positive integer ("/api/approvals/{id}"), or nullopt: a path id
// that is not one names nothing (the routes answer 404, like an unknown id).
std::optional<long long> positive_id(const std::string& text);
std::optional<long long> path_id(const httplib::Request& req);

}  // namespace gateway
