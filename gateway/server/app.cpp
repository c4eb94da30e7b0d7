#include "gateway/server/app.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "gateway/ask/validation.hpp"
#include "gateway/routes/routes.hpp"

namespace gateway {
namespace {

using common::Error;
using nlohmann::json;
using std::chrono::steady_clock;

common::http::ConnectionLimits limits_of(const Config& c) {
  common::http::ConnectionLimits limits;
  limits.head_timeout = c.head_timeout;
  limits.body_timeout = c.body_timeout;
  limits.idle_timeout = c.keepalive_idle;
  limits.io_timeout = std::chrono::milliseconds(10000);
  limits.max_body_bytes = ask::kMaxBodyBytes;
  limits.max_connections_per_ip = static_cast<size_t>(c.connections_per_ip);
  // A proxy in front (the edge, the web server) carries many clients on its connections.
  limits.exempt_from_ip_cap = [trusted = c.trusted_proxies](std::string_view ip) {
    return trusted.contains(ip);
  };
  return limits;
}

// The request id on the response; a new one when the request failed before it had one (a
// client's X-Request-Id is never taken for ours).
std::string minted_request_id(httplib::Response& res) {
  if (!res.has_header(common::http::kRequestIdHeader)) {
    res.set_header(common::http::kRequestIdHeader, common::ids::new_uuid());
  }
  return res.get_header_value(common::http::kRequestIdHeader);
}

// A request whose body the gateway will not read, decided from its head alone: a compressed
// body (a few KB of gzip inflate to gigabytes; no client of this API compresses), a transfer
// coding other than chunked, or a body on a method that takes none.
// The largest body a request may carry: uploads (POST /api/documents) up to the documents'
// limit, every other request 64 KB.
size_t body_limit_of(const httplib::Request& req, const Config& config) {
  return req.method == "POST" && req.path == "/api/documents" ? config.document_max_bytes
                                                              : ask::kMaxBodyBytes;
}

std::string too_large_message(size_t limit) {
  constexpr size_t kMiB = size_t{1024} * 1024;
  return limit >= kMiB && limit % kMiB == 0
             ? "request body must be at most " + std::to_string(limit / kMiB) + " MiB"
             : "request body must be at most " + std::to_string(limit / 1024) + " KB";
}

std::optional<Error> refuse_framing(const httplib::Request& req, size_t max_body_bytes) {
  const std::string encoding = req.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "identity") {
    return Error(415, "unsupported_media_type", "compressed request bodies are not accepted");
  }
  const std::string transfer = req.get_header_value("Transfer-Encoding");
  const bool chunked = transfer == "chunked";
  if (!transfer.empty() && !chunked) {
    return Error::bad_request("Transfer-Encoding must be chunked when present");
  }
  const bool takes_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
  const std::string length = req.get_header_value("Content-Length");
  if (!takes_body && (chunked || (!length.empty() && length != "0"))) {
    return Error::bad_request("a " + req.method + " request has no body");
  }
  if (!length.empty()) {
    size_t bytes = 0;
    const auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), bytes);
    if (ec == std::errc::result_out_of_range ||
        (ec == std::errc() && end == length.data() + length.size() && bytes > max_body_bytes)) {
      return Error(413, "payload_too_large", too_large_message(max_body_bytes));
    }
    if (ec != std::errc() || end != length.data() + length.size() || chunked) {
      return Error::bad_request("Content-Length must be a number, without Transfer-Encoding");
    }
  }
  return std::nullopt;
}

}  // namespace

App::App(Config config)
    : ctx_(std::move(config)), server_(limits_of(ctx_.config)), router_(server_) {
  ctx_.connection_stats = &server_.stats();
  install_hooks();
  routes::add_auth_routes(router_, ctx_);
  routes::add_oidc_routes(router_, ctx_);
  routes::add_ask_routes(router_, ctx_);
  routes::add_suggestions_routes(router_, ctx_);
  routes::add_catalog_routes(router_, ctx_);
  routes::add_conversations_routes(router_, ctx_);
  routes::add_feedback_routes(router_, ctx_);
  routes::add_answers_routes(router_, ctx_);
  routes::add_saved_routes(router_, ctx_);
  routes::add_audit_routes(router_, ctx_);
  routes::add_approvals_routes(router_, ctx_);
  routes::add_policies_routes(router_, ctx_);
  routes::add_preferences_routes(router_, ctx_);
  routes::add_org_memory_routes(router_, ctx_);
  routes::add_review_routes(router_, ctx_);
  routes::add_documents_routes(router_, ctx_);
  routes::add_health_metrics_routes(router_, ctx_);
}

bool App::listen() {
  common::log::info("gateway_listening",
                    {{"host", ctx_.config.host},
                     {"port", ctx_.config.port},
                     {"copilot_url", ctx_.config.copilot_url},
                     {"copilot_timeout_ms", ctx_.config.copilot_timeout.count()}});
  return server_.listen_with_backlog(ctx_.config.host, ctx_.config.port);
}

void App::install_hooks() {
  const auto threads = static_cast<size_t>(ctx_.config.threads);
  // httplib owns the queue it gets from this factory.
  server_.new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);  // NOLINT(cppcoreguidelines-owning-memory)
  };
  common::http::use_exclusive_port(server_);
  // Each body is held to its route's limit as it arrives (body_limit_of); this only has to let
  // the largest through.
  server_.set_payload_max_length(std::max(ask::kMaxBodyBytes, ctx_.config.document_max_bytes));
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle and delayed ACKs
  // add ~40 ms per exchange.
  server_.set_tcp_nodelay(true);

  // Runs once the head is parsed, before any body byte is read.
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    ctx_.begin_request(req, res);
    const std::string& request_id = request_scope().request_id;
    auto* connection = common::http::Connection::current();
    const size_t body_limit = body_limit_of(req, ctx_.config);
    if (connection != nullptr) {
      if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) {
        connection->begin_body(body_limit);
      } else {
        connection->no_body();
      }
    }
    if (const auto refusal = refuse_framing(req, body_limit)) {
      // The body stays unread: the connection ends after this answer.
      if (connection != nullptr) connection->close_after_response();
      if (refusal->http_status() == 413) audit_oversized_ask(req, *refusal);
      common::http::write_error(res, *refusal, request_id);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const httplib::Server::HandlerWithResponse error_handler = [this](const httplib::Request& req,
                                                                    httplib::Response& res) {
    on_error(req, res);
    return httplib::Server::HandlerResponse::Handled;
  };
  server_.set_error_handler(error_handler);
  server_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& ep) {
        const std::string request_id = minted_request_id(res);
        try {
          std::rethrow_exception(ep);
        } catch (const Error& e) {
          common::http::write_error(res, e, request_id);
        } catch (const std::exception& e) {
          common::http::log_unexpected(request_id, e);
          common::http::write_error(res, Error::internal("internal error"), request_id);
        } catch (...) {
          common::http::write_error(res, Error::internal("internal error"), request_id);
        }
      });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    auto& scope = request_scope();
    const double ms = scope.started ? ms_since(scope.start) : 0.0;
    const auto route = router_.label_of(req.path);
    ctx_.metrics.observe_request(route, res.status, ms / 1000.0);
    json line = {{"request_id", res.get_header_value(common::http::kRequestIdHeader)},
                 {"method", req.method},
                 {"route", route},
                 {"status", res.status},
                 {"duration_ms", std::round(ms * 1000) / 1000},
                 {"client", req.remote_addr}};
    if (!scope.user.empty()) line["user"] = scope.user;
    if (!scope.client_request_id.empty()) line["client_request_id"] = scope.client_request_id;
    if (!scope.client_ip.empty() && scope.client_ip != req.remote_addr) {
      line["forwarded_for"] = scope.client_ip;
    }
    common::log::info("request", line);
    scope = RequestScope{};
  });
}

void App::on_error(const httplib::Request& req, httplib::Response& res) {
  const std::string request_id = minted_request_id(res);
  if (!res.body.empty()) return;
  const auto* connection = common::http::Connection::current();
  const auto failure =
      connection != nullptr ? connection->read_failure() : common::http::ReadFailure::kNone;
  const auto route = router_.label_of(req.path);
  if (failure == common::http::ReadFailure::kBodyTooLarge) {
    res.status = 413;
  } else if (failure == common::http::ReadFailure::kBodyTimeout ||
             failure == common::http::ReadFailure::kHeadTimeout) {
    res.status = 408;
  } else if (res.status == 404) {
    // A known path asked with another method.
    if (const auto allowed = router_.allowed_methods(req.path); !allowed.empty()) {
      res.status = 405;
      res.set_header("Allow", allowed);
    }
  } else if (res.status == 400 && !req.path.empty() && !req.has_header("Content-Length") &&
             !req.has_header("Transfer-Encoding")) {
    // A head line over httplib's 8 KB limit (a huge token) fails after the request line was
    // read: for a route that needs a token that is a token we cannot accept (401), elsewhere a
    // bad request (400; 431 is not in the public contract).
    res.status = (route == "other" || route == "/api/auth/login" || route == "/health" ||
                  route == "/metrics")
                     ? 400
                     : 401;
  }
  const int status = res.status;
  const std::string message = status == 404   ? "no such route"
                              : status == 413 ? too_large_message(body_limit_of(req, ctx_.config))
                              : status == 405 ? "method not allowed"
                              : status == 408 ? "the request was not received in time"
                              : status == 401 ? "missing or invalid access token"
                                              : "request could not be processed";
  const Error error(status, std::string(common::code_for_status(status)), message);
  if (status == 413) audit_oversized_ask(req, error);
  common::http::write_error(res, error, request_id);
}

}  // namespace gateway

namespace gateway {

// An oversized ask from a known user is refused before any handler runs: audited here.
void App::audit_oversized_ask(const httplib::Request& req, const Error& error) {
  if (req.path != "/api/ask" && req.path != "/api/documents") return;
  auto& scope = request_scope();
  try {
    const auto auth = ctx_.authenticator.authenticate(req.get_header_value("Authorization"));
    const auto who =
        auth.principal
            ? std::optional<auth::Identity>(auth::Identity{
                  auth.principal->user_id, auth.principal->username, auth.principal->role,
                  auth.principal->store_ids, auth.principal->is_all_stores, auth.principal->org_id})
            : auth.claimed;
    if (!who) return;
    scope.user = who->username;
    ctx_.audit_refusal(AskTrace{scope.request_id,
                                scope.client_request_id,
                                scope.started ? scope.start : steady_clock::now(),
                                who,
                                {},
                                {}},
                       error.http_status(), error.code(), error.what());
  } catch (const std::exception& e) {
    common::http::log_unexpected(scope.request_id, e);
  }
}

}  // namespace gateway
