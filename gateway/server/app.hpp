// gateway/server/app.hpp — the public HTTP server: routes, and the wiring of auth, limits,
// audit and the copilot client. Every response is JSON (or Prometheus text / an event stream),
// carries X-Request-Id and produces one JSON log line.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/db/pool.hpp"
#include "common/time/clock.hpp"
#include "gateway/ask/copilot_client.hpp"
#include "gateway/ask/validation.hpp"
#include "gateway/audit/audit_log.hpp"
#include "gateway/auth/authenticator.hpp"
#include "gateway/auth/jwt.hpp"
#include "gateway/auth/passwords.hpp"
#include "gateway/auth/users.hpp"
#include "gateway/limits/rate_limiter.hpp"
#include "gateway/server/config.hpp"
#include "gateway/server/metrics.hpp"

namespace gateway {

class App {
 public:
  explicit App(Config config);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds and serves until stop(); false when the address cannot be bound.
  bool listen();
  void stop() { server_.stop(); }

 private:
  // What the audit trail needs about an ask, filled in as the request is understood.
  struct AskTrace {
    std::string request_id;
    std::chrono::steady_clock::time_point start;
    std::optional<auth::Identity> who;
    std::string question;
    std::optional<std::string> conversation_id;
  };

  void routes();
  void login(const httplib::Request& req, httplib::Response& res);
  void ask(const httplib::Request& req, httplib::Response& res);
  void me(const httplib::Request& req, httplib::Response& res);
  void suggestions(const httplib::Request& req, httplib::Response& res);
  void conversation(const httplib::Request& req, httplib::Response& res);
  void feedback(const httplib::Request& req, httplib::Response& res);
  void audit_page(const httplib::Request& req, httplib::Response& res);
  void health(const httplib::Request& req, httplib::Response& res);
  void on_error(const httplib::Request& req, httplib::Response& res);

  // The principal of an authenticated request, or Error 401.
  auth::Principal require_user(const httplib::Request& req);
  void handle_ask(const httplib::Request& req, httplib::Response& res, AskTrace& trace);
  void relay_reply(httplib::Response& res, const ask::UpstreamReply& reply,
                   const std::string& request_id);
  void stream_ask(httplib::Response& res, const nlohmann::json& run_body, const AskTrace& trace);
  void audit_refusal(const AskTrace& trace, int status, const std::string& code,
                     const std::string& message);
  [[noreturn]] void rate_limited(httplib::Response& res, std::string_view limiter,
                                 std::chrono::seconds retry_after);
  [[nodiscard]] std::string client_ip(const httplib::Request& req) const;

  Config config_;
  common::SystemClock clock_;
  common::db::ConnectionPool pool_;
  auth::TokenCodec codec_;
  auth::PgUserDirectory users_;
  auth::Authenticator authenticator_;
  auth::PasswordVerifier passwords_;
  limits::RateLimiter login_user_limiter_;
  limits::RateLimiter login_ip_limiter_;
  limits::RateLimiter ask_limiter_;
  ask::CopilotClient copilot_;
  audit::AuditWriter audit_;
  Metrics metrics_;
  httplib::Server server_;

  std::mutex health_mutex_;
  std::chrono::steady_clock::time_point health_checked_{};
  bool copilot_healthy_ = false;
};

}  // namespace gateway
