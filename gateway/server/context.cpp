#include "gateway/server/context.hpp"

#include <algorithm>

#include "common/error/error.hpp"
#include "common/log/log.hpp"

namespace gateway {

using common::Error;

RequestScope& request_scope() {
  thread_local RequestScope scope;
  return scope;
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

Context::Context(Config settings)
    : config(std::move(settings)),
      pool(config.app_database_url, static_cast<size_t>(config.db_pool_size)),
      codec(config.jwt_secret, config.jwt_ttl),
      users(pool, clock, config.user_cache_ttl),
      authenticator(codec, users, clock),
      passwords(config.login_concurrency),
      login_user_limiter(clock, config.login_per_user, config.login_window),
      login_ip_limiter(clock, config.login_per_ip, config.login_window),
      ask_limiter(clock, config.ask_per_user, config.ask_window),
      copilot(config.copilot_url, config.internal_token, config.copilot_timeout,
              static_cast<size_t>(config.copilot_connections)),
      audit(pool) {
  copilot.on_failure([this](ask::UpstreamFailure kind) {
    metrics.count_upstream_error(kind == ask::UpstreamFailure::kUnavailable ? "unavailable"
                                 : kind == ask::UpstreamFailure::kTimeout   ? "timeout"
                                                                            : "bad_reply");
  });
}

std::string Context::client_ip(const httplib::Request& req) const {
  const bool loopback = req.remote_addr == "127.0.0.1" || req.remote_addr == "::1" ||
                        req.remote_addr.rfind("::ffff:127.", 0) == 0;
  if (config.trust_loopback_proxy && loopback && req.has_header("X-Forwarded-For")) {
    // Our own proxy (the web app on this host) appends the address it saw last.
    std::string forwarded = req.get_header_value("X-Forwarded-For");
    const size_t comma = forwarded.rfind(',');
    std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
    last.erase(std::remove(last.begin(), last.end(), ' '), last.end());
    if (!last.empty() && last.size() <= 64) return last;
  }
  return req.remote_addr;
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
  audit::GatewayRecord record;
  record.request_id = trace.request_id;
  record.conversation_id = trace.conversation_id;
  record.user_id = trace.who->user_id;
  record.username = trace.who->username;
  record.role = trace.who->role;
  record.store_ids = trace.who->store_ids;
  record.question = trace.question;
  record.http_status = status;
  record.error_code = code;
  record.error_message = message;
  record.total_ms = ms_since(trace.start);
  audit.record(std::move(record));
}

}  // namespace gateway
