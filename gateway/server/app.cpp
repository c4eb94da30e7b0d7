#include "gateway/server/app.hpp"

#include <algorithm>

#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "gateway/ask/suggestions.hpp"
#include "gateway/history/history.hpp"

namespace gateway {
namespace {

using common::Error;
using nlohmann::json;
using std::chrono::steady_clock;

// Per-request facts for the log line. A request is served start to end on one pool thread
// (pre-routing, handler, content provider, logger), so a thread_local is enough.
struct RequestScope {
  steady_clock::time_point start;
  std::string user;
  bool started = false;
};
thread_local RequestScope t_scope;

double ms_since(steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(steady_clock::now() - start).count();
}

json principal_json(const auth::Principal& p) {
  return {{"user_id", p.user_id},
          {"username", p.username},
          {"role", p.role},
          {"store_ids", p.store_ids},
          {"is_all_stores", p.is_all_stores}};
}

bool wants_event_stream(const httplib::Request& req) {
  return req.get_header_value("Accept").find("text/event-stream") != std::string::npos;
}

std::optional<std::string> query_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

// Watches a relayed event stream for its last event (result or error).
struct StreamScan {
  std::string partial;
  bool terminal = false;
  void feed(std::string_view bytes) {
    partial.append(bytes);
    size_t newline = 0;
    while ((newline = partial.find('\n')) != std::string::npos) {
      std::string_view line(partial.data(), newline);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line == "event: result" || line == "event: error" || line == "event:result" ||
          line == "event:error") {
        terminal = true;
      }
      partial.erase(0, newline + 1);
    }
    if (partial.size() > 1 << 20) partial.clear();
  }
};

std::string sse_error(const Error& e, const std::string& request_id) {
  return "event: error\ndata: " + common::error_body(e, request_id).dump() + "\n\n";
}

}  // namespace

App::App(Config config)
    : config_(std::move(config)),
      pool_(config_.app_database_url, static_cast<size_t>(config_.db_pool_size)),
      codec_(config_.jwt_secret, config_.jwt_ttl),
      users_(pool_, clock_, config_.user_cache_ttl),
      authenticator_(codec_, users_, clock_),
      passwords_(config_.login_concurrency),
      login_user_limiter_(clock_, config_.login_per_user, config_.login_window),
      login_ip_limiter_(clock_, config_.login_per_ip, config_.login_window),
      ask_limiter_(clock_, config_.ask_per_user, config_.ask_window),
      copilot_(config_.copilot_url, config_.internal_token, config_.copilot_timeout,
               static_cast<size_t>(config_.copilot_connections)),
      audit_(pool_) {
  copilot_.on_failure([this](ask::UpstreamFailure kind) {
    metrics_.count_upstream_error(kind == ask::UpstreamFailure::kUnavailable ? "unavailable"
                                  : kind == ask::UpstreamFailure::kTimeout   ? "timeout"
                                                                             : "bad_reply");
  });
  routes();
}

bool App::listen() {
  common::log::info("gateway_listening", {{"host", config_.host},
                                          {"port", config_.port},
                                          {"copilot_url", config_.copilot_url},
                                          {"copilot_timeout_ms", config_.copilot_timeout.count()}});
  return server_.listen(config_.host, config_.port);
}

void App::routes() {
  const auto threads = static_cast<size_t>(config_.threads);
  // httplib owns the queue it gets from this factory.
  server_.new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);  // NOLINT(cppcoreguidelines-owning-memory)
  };
  common::http::use_exclusive_port(server_);
  server_.set_payload_max_length(ask::kMaxBodyBytes);
  server_.set_keep_alive_max_count(10000);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle and delayed ACKs
  // add ~40 ms per exchange.
  server_.set_tcp_nodelay(true);
  server_.set_read_timeout(10, 0);
  server_.set_write_timeout(10, 0);

  server_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    t_scope = RequestScope{steady_clock::now(), {}, true};
    common::http::ensure_request_id(req, res);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const httplib::Server::HandlerWithResponse error_handler = [this](const httplib::Request& req,
                                                                    httplib::Response& res) {
    on_error(req, res);
    return httplib::Server::HandlerResponse::Handled;
  };
  server_.set_error_handler(error_handler);
  server_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, const std::exception_ptr& ep) {
        const std::string request_id = common::http::ensure_request_id(req, res);
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
    const double ms = t_scope.started ? ms_since(t_scope.start) : 0.0;
    const auto route = Metrics::route_of(req.method, req.path);
    metrics_.observe_request(route, res.status, ms / 1000.0);
    json line = {{"request_id", res.get_header_value(common::http::kRequestIdHeader)},
                 {"method", req.method},
                 {"route", route},
                 {"status", res.status},
                 {"duration_ms", std::round(ms * 1000) / 1000},
                 {"client", req.remote_addr}};
    if (!t_scope.user.empty()) line["user"] = t_scope.user;
    common::log::info("request", line);
    t_scope = RequestScope{};
  });

  const auto bind = [this](void (App::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      (this->*handler)(req, res);
    };
  };
  server_.Post("/api/auth/login", bind(&App::login));
  server_.Post("/api/ask", bind(&App::ask));
  server_.Get("/api/me", bind(&App::me));
  server_.Get("/api/suggestions", bind(&App::suggestions));
  server_.Get(R"(/api/conversations/([^/]+))", bind(&App::conversation));
  server_.Post("/api/feedback", bind(&App::feedback));
  server_.Get("/api/audit", bind(&App::audit_page));
  server_.Get("/health", bind(&App::health));
  server_.Get("/metrics", [this](const httplib::Request& req, httplib::Response& res) {
    common::http::ensure_request_id(req, res);
    res.set_content(metrics_.render(), "text/plain; version=0.0.4");
  });
}

void App::on_error(const httplib::Request& req, httplib::Response& res) {
  const std::string request_id = common::http::ensure_request_id(req, res);
  if (!res.body.empty()) return;
  // A header line over httplib's 8 KB limit (a huge token) fails after the request line was
  // read: for a route that needs a token that is a token we cannot accept (401), elsewhere a
  // bad request (400; 431 is not in the public contract).
  // (A body that failed to read also gives 400, but then its length headers were read.)
  if (res.status == 400 && !req.path.empty() && !req.has_header("Content-Length") &&
      !req.has_header("Transfer-Encoding")) {
    const auto route = Metrics::route_of(req.method, req.path);
    res.status = (route == "other" || route == "/api/auth/login" || route == "/health" ||
                  route == "/metrics")
                     ? 400
                     : 401;
  }
  const int status = res.status;
  const std::string message = status == 404   ? "no such route"
                              : status == 413 ? "request body must be at most 64 KB"
                              : status == 405 ? "method not allowed"
                              : status == 401 ? "missing or invalid access token"
                                              : "request could not be processed";
  const Error error(status, std::string(common::code_for_status(status)), message);
  // An oversized ask from a known user is refused before any handler runs: audit it here.
  if (status == 413 && req.path == "/api/ask") {
    try {
      const auto auth = authenticator_.authenticate(req.get_header_value("Authorization"));
      const auto who =
          auth.principal
              ? std::optional<auth::Identity>(auth::Identity{
                    auth.principal->user_id, auth.principal->username, auth.principal->role,
                    auth.principal->store_ids, auth.principal->is_all_stores})
              : auth.claimed;
      if (who) {
        t_scope.user = who->username;
        audit_refusal(
            AskTrace{
                request_id, t_scope.started ? t_scope.start : steady_clock::now(), who, {}, {}},
            status, error.code(), message);
      }
    } catch (const std::exception& e) {
      common::http::log_unexpected(request_id, e);
    }
  }
  common::http::write_error(res, error, request_id);
}

std::string App::client_ip(const httplib::Request& req) const {
  const bool loopback = req.remote_addr == "127.0.0.1" || req.remote_addr == "::1" ||
                        req.remote_addr.rfind("::ffff:127.", 0) == 0;
  if (config_.trust_loopback_proxy && loopback && req.has_header("X-Forwarded-For")) {
    // Our own proxy (the web app on this host) appends the address it saw last.
    std::string forwarded = req.get_header_value("X-Forwarded-For");
    const size_t comma = forwarded.rfind(',');
    std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
    last.erase(std::remove(last.begin(), last.end(), ' '), last.end());
    if (!last.empty() && last.size() <= 64) return last;
  }
  return req.remote_addr;
}

void App::rate_limited(httplib::Response& res, std::string_view limiter,
                       std::chrono::seconds retry_after) {
  metrics_.count_rate_limited(limiter);
  res.set_header("Retry-After", std::to_string(retry_after.count()));
  throw Error(429, "rate_limited", "too many requests, try again later",
              {{"retry_after_s", retry_after.count()}});
}

auth::Principal App::require_user(const httplib::Request& req) {
  auto result = authenticator_.authenticate(req.get_header_value("Authorization"));
  if (!result.principal) {
    common::log::info("auth_refused", {{"reason", result.reason}});
    throw Error::unauthorized("missing or invalid access token");
  }
  t_scope.user = result.principal->username;
  return std::move(*result.principal);
}

// ---- POST /api/auth/login -------------------------------------------------------------------

void App::login(const httplib::Request& req, httplib::Response& res) {
  common::http::guarded(req, res, [&](const std::string& request_id) {
    const std::string ip = client_ip(req);
    if (const auto d = login_ip_limiter_.acquire(ip); !d.allowed) {
      rate_limited(res, "login_ip", d.retry_after);
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
    if (const auto d = login_user_limiter_.check(name); !d.allowed) {
      rate_limited(res, "login_user", d.retry_after);
    }
    // Unknown, disabled and wrong password take the same path and the same time.
    const auto user = users_.by_username(name);
    const bool usable = user && !user->disabled;
    const bool ok =
        passwords_.verify(usable ? std::optional<std::string>(user->password_hash) : std::nullopt,
                          password->get_ref<const std::string&>());
    metrics_.count_login(ok);
    if (!ok) {
      login_user_limiter_.charge(name);
      common::log::info("login_failed", {{"request_id", request_id}, {"client", ip}});
      throw Error::unauthorized("invalid username or password");
    }
    t_scope.user = user->username;
    const auth::Identity identity{user->user_id, user->username, user->role, user->store_ids,
                                  user->is_all_stores};
    const std::string token = codec_.issue(identity, clock_.now());
    common::http::write_json(res, 200,
                             {{"access_token", token},
                              {"token_type", "Bearer"},
                              {"expires_in", codec_.ttl().count()},
                              {"user",
                               {{"user_id", identity.user_id},
                                {"username", identity.username},
                                {"role", identity.role},
                                {"store_ids", identity.store_ids},
                                {"is_all_stores", identity.is_all_stores}}}});
  });
}

// ---- POST /api/ask ----------------------------------------------------------------------------

void App::ask(const httplib::Request& req, httplib::Response& res) {
  common::http::guarded(req, res, [&](const std::string& request_id) {
    AskTrace trace{request_id, t_scope.started ? t_scope.start : steady_clock::now(), {}, {}, {}};
    try {
      handle_ask(req, res, trace);
    } catch (const Error& e) {
      if (trace.who) audit_refusal(trace, e.http_status(), e.code(), e.what());
      throw;
    }
  });
}

void App::handle_ask(const httplib::Request& req, httplib::Response& res, AskTrace& trace) {
  auto auth = authenticator_.authenticate(req.get_header_value("Authorization"));
  if (!auth.principal) {
    trace.who = auth.claimed;  // audited only when the signature verified
    common::log::info("auth_refused", {{"request_id", trace.request_id}, {"reason", auth.reason}});
    throw Error::unauthorized("missing or invalid access token");
  }
  const auth::Principal& user = *auth.principal;
  t_scope.user = user.username;
  trace.who =
      auth::Identity{user.user_id, user.username, user.role, user.store_ids, user.is_all_stores};

  if (const auto d = ask_limiter_.acquire(std::to_string(user.user_id)); !d.allowed) {
    rate_limited(res, "ask_user", d.retry_after);
  }
  if (req.body.size() > ask::kMaxBodyBytes) {
    throw Error(413, "payload_too_large", "request body must be at most 64 KB");
  }
  const json body = common::http::parse_json_object(req);
  const ask::AskRequest request = ask::validate_ask(body);
  trace.question = request.question;
  trace.conversation_id = request.conversation_id;

  if (request.claimed_role && *request.claimed_role != user.role) {
    // A body `role` changes nothing (the token decides); it is worth a line in the log.
    common::log::warn("body_role_ignored", {{"request_id", trace.request_id},
                                            {"user", user.username},
                                            {"claimed_role", *request.claimed_role}});
  }
  if (request.store_id &&
      !ask::store_in_scope(*request.store_id, user.store_ids, user.is_all_stores)) {
    throw Error(403, "scope_denied",
                "store " + std::to_string(*request.store_id) + " is outside your stores");
  }
  if (request.conversation_id) {
    const auto owner = history::conversation_owner(pool_, *request.conversation_id);
    if (owner && *owner != user.user_id) throw Error::not_found("conversation not found");
  }

  json run_body = {{"question", request.question},
                   {"request_id", trace.request_id},
                   {"user_context",
                    {{"user_id", user.user_id},
                     {"username", user.username},
                     {"role", user.role},
                     {"store_ids", user.store_ids},
                     {"is_all_stores", user.is_all_stores}}}};
  if (request.conversation_id) run_body["conversation_id"] = *request.conversation_id;
  if (request.store_id) run_body["store_id"] = *request.store_id;

  if (wants_event_stream(req)) {
    stream_ask(res, run_body, trace);
    return;
  }
  relay_reply(res, copilot_.run(run_body, trace.request_id), trace.request_id);
}

void App::relay_reply(httplib::Response& res, const ask::UpstreamReply& reply,
                      const std::string& request_id) {
  const auto bad_reply = [&](const char* why) {
    metrics_.count_upstream_error("bad_reply");
    common::log::warn("upstream_bad_reply",
                      {{"request_id", request_id}, {"status", reply.status}, {"why", why}});
    throw Error(502, "upstream_error", "the copilot service gave no valid reply");
  };
  if (reply.status == 200) {
    const auto first = reply.body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || reply.body[first] != '{' || !json::accept(reply.body)) {
      bad_reply("200 without a JSON object");
    }
    res.status = 200;
    res.set_content(reply.body, "application/json");
    return;
  }
  // An error the copilot decided (policy_denied, its own 503 ...): relay its code and message
  // under our request id. Its 401 means our internal token is wrong: that is our failure.
  const auto body = json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  const bool error_shape = !body.is_discarded() && body.is_object() && body.contains("error") &&
                           body["error"].is_object() && body["error"].contains("code") &&
                           body["error"]["code"].is_string();
  if (!error_shape || reply.status < 400 || reply.status == 401 || reply.status == 500 ||
      reply.status > 504) {
    bad_reply("unexpected status or body");
  }
  json inner = body["error"];
  inner["request_id"] = request_id;
  if (!inner.contains("message") || !inner["message"].is_string()) inner["message"] = "refused";
  common::http::write_json(res, reply.status, {{"error", inner}});
}

void App::stream_ask(httplib::Response& res, const json& run_body, const AskTrace& trace) {
  auto opened = copilot_.open_stream(run_body, trace.request_id);
  if (!opened.stream) {
    relay_reply(res, opened.reply, trace.request_id);
    return;
  }
  std::shared_ptr<ask::UpstreamStream> stream = std::move(opened.stream);
  auto scan = std::make_shared<StreamScan>();
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider("text/event-stream", [this, stream, scan, trace](
                                                            size_t, httplib::DataSink& sink) {
    std::string chunk;
    const auto finish_with = [&](const Error& e, const char* kind) {
      metrics_.count_upstream_error(kind);
      audit_refusal(trace, e.http_status(), e.code(), e.what());
      const std::string event = sse_error(e, trace.request_id);
      sink.write(event.data(), event.size());
      stream->cancel();
      sink.done();
      return true;
    };
    switch (stream->next(chunk)) {
      case ask::UpstreamStream::Next::kData:
        scan->feed(chunk);
        if (!sink.write(chunk.data(), chunk.size())) {
          stream->cancel();  // the client went away
          return false;
        }
        return true;
      case ask::UpstreamStream::Next::kEnd:
        if (!scan->terminal) {
          return finish_with(
              Error(502, "upstream_error", "the copilot stream ended without a result"),
              "bad_reply");
        }
        sink.done();
        return true;
      case ask::UpstreamStream::Next::kTimeout:
        return finish_with(
            Error(504, "upstream_timeout", "the copilot service did not answer in time"),
            "timeout");
      case ask::UpstreamStream::Next::kBroken:
        break;
    }
    if (scan->terminal) {
      sink.done();
      return true;
    }
    return finish_with(Error(502, "upstream_error", "the copilot stream broke off"), "bad_reply");
  });
}

void App::audit_refusal(const AskTrace& trace, int status, const std::string& code,
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
  audit_.record(std::move(record));
}

// ---- the other routes -------------------------------------------------------------------------

void App::me(const httplib::Request& req, httplib::Response& res) {
  common::http::guarded(req, res, [&](const std::string&) {
    common::http::write_json(res, 200, principal_json(require_user(req)));
  });
}

void App::suggestions(const httplib::Request& req, httplib::Response& res) {
  common::http::guarded(req, res, [&](const std::string&) {
    const auto user = require_user(req);
    common::http::write_json(
        res, 200, {{"role", user.role}, {"suggestions", ask::suggestions_for(user.role)}});
  });
}

void App::conversation(const httplib::Request& req, httplib::Response& res) {
  common::http::guarded(req, res, [&](const std::string&) {
    const auto user = require_user(req);
    std::string id = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
    std::transform(id.begin(), id.end(), id.begin(), [](char c) {
      return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    if (!common::ids::is_uuid(id)) throw Error::not_found("conversation not found");
    auto conversation = history::read_conversation(pool_, id, user.user_id);
    if (!conversation) throw Error::not_found("conversation not found");
    common::http::write_json(res, 200, *conversation);
  });
}

void App::feedback(const httplib::Request& req, httplib::Response& res) {
  common::http::guarded(req, res, [&](const std::string&) {
    const auto user = require_user(req);
    const json body = common::http::parse_json_object(req);
    const auto request_id = body.find("request_id");
    if (request_id == body.end() || !request_id->is_string() ||
        !common::ids::is_safe_request_id(request_id->get_ref<const std::string&>())) {
      throw Error::invalid_field("request_id", "request_id must be the id of an answer");
    }
    const auto rating = body.find("rating");
    if (rating == body.end() || !rating->is_string() || (*rating != "up" && *rating != "down")) {
      throw Error::invalid_field("rating", "rating must be \"up\" or \"down\"");
    }
    std::optional<std::string> comment;
    if (const auto c = body.find("comment"); c != body.end() && !c->is_null()) {
      const auto length =
          c->is_string() ? ask::utf8_length(c->get_ref<const std::string&>()) : std::nullopt;
      if (!length || *length > 2000) {
        throw Error::invalid_field("comment", "comment must be text of at most 2000 characters");
      }
      comment = c->get<std::string>();
    }
    // Feedback only on your own answers; an id the trail does not know yet is accepted.
    const auto owner = history::request_owner(pool_, request_id->get<std::string>());
    if (owner && *owner != user.user_id) throw Error::not_found("request not found");
    const auto id = history::add_feedback(pool_, request_id->get<std::string>(), user.user_id,
                                          rating->get<std::string>(), comment);
    common::http::write_json(res, 201, {{"feedback_id", id}});
  });
}

void App::audit_page(const httplib::Request& req, httplib::Response& res) {
  common::http::guarded(req, res, [&](const std::string&) {
    const auto user = require_user(req);
    if (user.role != "admin") throw Error::forbidden("the audit trail is for admins only");
    const auto query = audit::parse_audit_query(
        query_param(req, "limit"), query_param(req, "offset"), query_param(req, "status"),
        query_param(req, "user"), query_param(req, "since"), query_param(req, "until"));
    common::http::write_json(res, 200, audit::read_audit_page(pool_, query));
  });
}

void App::health(const httplib::Request& req, httplib::Response& res) {
  common::http::guarded(req, res, [&](const std::string&) {
    bool healthy = false;
    {
      const std::lock_guard lock(health_mutex_);
      if (steady_clock::now() - health_checked_ < std::chrono::seconds(1)) {
        healthy = copilot_healthy_;
      } else {
        healthy = copilot_.healthy();
        copilot_healthy_ = healthy;
        health_checked_ = steady_clock::now();
      }
    }
    common::http::write_json(res, 200, {{"status", "ok"}, {"copilot", healthy ? "ok" : "down"}});
  });
}

}  // namespace gateway
