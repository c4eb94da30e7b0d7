#include "gateway/server/context.hpp"

#include <charconv>

#include "common/error/error.hpp"
#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "common/text/utf8.hpp"
#include "gateway/limits/pg_bucket_store.hpp"
#include "gateway/limits/redis_bucket_store.hpp"
#include "gateway/limits/shared_limiter.hpp"

namespace gateway {

using common::Error;

RequestScope& request_scope() {
  thread_local RequestScope scope;
  return scope;
}

audit::GatewayRecord record_for(const auth::Principal& user, const std::string& request_id) {
  audit::GatewayRecord record;
  record.request_id = request_id;
  record.client_request_id = request_scope().client_request_id;
  record.org_id = user.org_id;
  record.user_id = user.user_id;
  record.username = user.username;
  record.role = user.role;
  record.store_ids = user.store_ids;
  record.total_ms = ms_since(request_scope().start);
  return record;
}

nlohmann::json sent_by(const httplib::Request& req) {
  nlohmann::json sent = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  return sent.is_discarded() ? nlohmann::json(common::text::sanitize_utf8(req.body)) : sent;
}

void record_call(Context& ctx, const auth::Principal& user, const std::string& request_id,
                 int status, const std::string& outcome, const std::string& what,
                 const std::string& resource, nlohmann::json details, const Error* error) {
  auto r = record_for(user, request_id);
  r.question = what;
  r.http_status = status;
  if (error != nullptr) {
    r.error_code = error->code();
    r.error_message = error->what();
  } else {
    r.status = outcome;
    r.error_code = outcome;
  }
  r.details = {{resource, std::move(details)}};
  ctx.audit.record(std::move(r));
}

std::optional<long long> positive_id(const std::string& text) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

std::optional<long long> path_id(const httplib::Request& req) {
  return positive_id(req.matches.size() > 1 ? std::string(req.matches[1]) : std::string());
}

namespace {

std::unique_ptr<limits::BucketStore> make_store(const Config& config) {
  if (config.limits_store == "postgres") {
    return std::make_unique<limits::PgBucketStore>(config.app_database_url,
                                                   static_cast<size_t>(config.limits_db_pool));
  }
  if (config.limits_store == "redis") {
    return std::make_unique<limits::RedisBucketStore>(config.limits_redis_url,
                                                      static_cast<size_t>(config.limits_db_pool));
  }
  return nullptr;
}

std::unique_ptr<limits::Limiter> make_limiter(limits::BucketStore* store, std::string name,
                                              const common::Clock& clock, int capacity,
                                              std::chrono::seconds window) {
  if (store == nullptr) return std::make_unique<limits::RateLimiter>(clock, capacity, window);
  return std::make_unique<limits::SharedLimiter>(*store, std::move(name), clock, capacity, window);
}

}  // namespace

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

Context::Context(Config settings)
    : config(std::move(settings)),
      pool(config.app_database_url, static_cast<size_t>(config.db_pool_size)),
      codec(config.jwt_secret, config.jwt_ttl),
      users(pool, clock, config.user_cache_ttl),
      revoked_tokens(pool, clock, config.revocation_cache),
      authenticator(codec, users, revoked_tokens, clock),
      passwords(config.login_concurrency),
      limit_store(make_store(config)),
      login_user_limiter(make_limiter(limit_store.get(), "login_user", clock, config.login_per_user,
                                      config.login_window)),
      login_ip_limiter(make_limiter(limit_store.get(), "login_ip", clock, config.login_per_ip,
                                    config.login_window)),
      ask_limiter(make_limiter(limit_store.get(), "ask_user", clock, config.ask_per_user,
                               config.ask_window)),
      audit_ip_limiter(clock, config.audit_refusals_per_ip, std::chrono::minutes(1)),
      asks_in_flight(static_cast<size_t>(config.asks_in_flight_per_user)),
      copilot(config.copilot_url, config.internal_token, config.copilot_timeout,
              static_cast<size_t>(config.copilot_connections)),
      audit(pool, {config.audit_queue, config.audit_wait, 256}),
      oidc_http(config.oidc.http_timeout),
      oidc_provider(config.oidc, oidc_http, clock),
      sign_in(config.oidc, oidc_provider, pool, users, clock) {
  copilot.on_failure([this](ask::UpstreamFailure kind) {
    metrics.count_upstream_error(kind == ask::UpstreamFailure::kUnavailable ? "unavailable"
                                 : kind == ask::UpstreamFailure::kTimeout   ? "timeout"
                                                                            : "bad_reply");
  });
}

std::string Context::client_ip(const httplib::Request& req) const {
  // Several X-Forwarded-For lines read as one list, in order.
  std::string forwarded;
  const auto [first, last] = req.headers.equal_range("X-Forwarded-For");
  for (auto it = first; it != last; ++it) {
    if (!forwarded.empty()) forwarded += ',';
    forwarded += it->second;
  }
  return limits::client_address(req.remote_addr, forwarded, config.trusted_proxies);
}

void Context::begin_request(const httplib::Request& req, httplib::Response& res) {
  auto& scope = request_scope();
  scope = RequestScope{};
  scope.start = std::chrono::steady_clock::now();
  scope.started = true;
  scope.request_id = common::ids::new_uuid();
  res.set_header(common::http::kRequestIdHeader, scope.request_id);
  const std::string& theirs = req.get_header_value(common::http::kRequestIdHeader);
  if (common::ids::is_safe_request_id(theirs)) scope.client_request_id = theirs;
  scope.client_ip = client_ip(req);
}

void Context::rate_limited(httplib::Response& res, std::string_view limiter,
                           std::chrono::seconds retry_after) {
  metrics.count_rate_limited(limiter);
  res.set_header("Retry-After", std::to_string(retry_after.count()));
  throw Error(429, "rate_limited", "too many requests, try again later",
              {{"retry_after_s", retry_after.count()}});
}

auth::Principal Context::require_user(const httplib::Request& req) {
  auto result = authenticator.authenticate(req.get_header_value("Authorization"));
  if (!result.principal) {
    common::log::info("auth_refused", {{"reason", result.reason}});
    throw Error::unauthorized("missing or invalid access token");
  }
  request_scope().user = result.principal->username;
  return std::move(*result.principal);
}

void Context::audit_refusal(const AskTrace& trace, int status, const std::string& code,
                            const std::string& message) {
  if (!trace.who) return;
  // A flood of expired tokens or of rate-limited asks from one address would otherwise fill the
  // trail (and its queue) with copies of one refusal: beyond a budget per address they are
  // counted in /metrics instead of written.
  if ((status == 401 || status == 429) &&
      !audit_ip_limiter.acquire(request_scope().client_ip).allowed) {
    metrics.count_audit_suppressed(status == 401 ? "unauthorized" : "rate_limited");
    return;
  }
  audit::GatewayRecord record;
  record.request_id = trace.request_id;
  record.client_request_id = trace.client_request_id;
  record.conversation_id = trace.conversation_id;
  record.org_id = trace.who->org_id;
  record.user_id = trace.who->user_id;
  record.username = trace.who->username;
  record.role = trace.who->role;
  record.store_ids = trace.who->store_ids;
  record.question = trace.question;
  record.http_status = status;
  record.error_code = code;
  record.error_message = message;
  record.total_ms = ms_since(trace.start);
  audit.record(std::move(record));  // a drop is counted by the writer (/metrics)
}

}  // namespace gateway
