#include "gateway/routes/routes.hpp"

#include <memory>

#include "common/http/bounded_server.hpp"
#include "common/http/http.hpp"
#include "common/log/log.hpp"
#include "gateway/ask/stream_relay.hpp"
#include "gateway/ask/validation.hpp"
#include "gateway/history/history.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

bool wants_event_stream(const httplib::Request& req) {
  return req.get_header_value("Accept").find("text/event-stream") != std::string::npos;
}

// Relays the copilot's answer: its JSON object as it is, or its error under our request id.
void relay_reply(Context& ctx, httplib::Response& res, const ask::UpstreamReply& reply,
                 const std::string& request_id) {
  const auto bad_reply = [&](const char* why) {
    ctx.metrics.count_upstream_error("bad_reply");
    common::log::warn("upstream_bad_reply",
                      {{"request_id", request_id}, {"status", reply.status}, {"why", why}});
    throw Error(502, "upstream_error", "the copilot service gave no valid reply");
  };
  // 200: an answer; 202: pending_approval (the statement is held for an approver).
  if (reply.status == 200 || reply.status == 202) {
    const auto first = reply.body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || reply.body[first] != '{' || !json::accept(reply.body)) {
      bad_reply("200 without a JSON object");
    }
    res.status = reply.status;
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

// The caller's connection, looked at while the copilot works: gone means abandon the call.
ask::CallerGone caller_gone() {
  const auto* connection = common::http::Connection::current();
  if (connection == nullptr) return {};
  return [connection] { return connection->peer_gone(); };
}

void stream_ask(Context& ctx, httplib::Response& res, const json& run_body, const AskTrace& trace,
                std::shared_ptr<limits::InFlight::Slot> slot) {
  auto opened = ctx.copilot.open_stream(run_body, trace.request_id, caller_gone());
  if (!opened.stream) {
    relay_reply(ctx, res, opened.reply, trace.request_id);
    return;
  }
  std::shared_ptr<ask::UpstreamStream> stream = std::move(opened.stream);
  auto relay = std::make_shared<ask::StreamRelay>();
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  // The provider holds the user's in-flight slot until the stream is over.
  res.set_chunked_content_provider("text/event-stream", [&ctx, stream, relay, trace,
                                                         slot = std::move(slot)](
                                                            size_t, httplib::DataSink& sink) {
    const auto finish_with = [&](const Error& e, const char* kind) {
      ctx.metrics.count_upstream_error(kind);
      ctx.audit_refusal(trace, e.http_status(), e.code(), e.what());
      const std::string events = relay->finish(common::error_body(e, trace.request_id));
      sink.write(events.data(), events.size());
      stream->cancel();
      sink.done();
      return true;
    };
    std::string chunk;
    switch (stream->next(chunk)) {
      case ask::UpstreamStream::Next::kData: {
        const std::string out = relay->feed(chunk);
        if (relay->broken()) {
          return finish_with(Error(502, "upstream_error", "the copilot stream was malformed"),
                             "bad_reply");
        }
        if (!out.empty() && !sink.write(out.data(), out.size())) {
          stream->abandon();  // the client went away
          return false;
        }
        if (relay->terminal()) sink.done();
        return true;
      }
      case ask::UpstreamStream::Next::kCallerGone:
        return false;
      case ask::UpstreamStream::Next::kEnd:
        if (!relay->terminal()) {
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
    if (relay->terminal()) {
      sink.done();
      return true;
    }
    return finish_with(Error(502, "upstream_error", "the copilot stream broke off"), "bad_reply");
  });
}

void handle_ask(Context& ctx, const httplib::Request& req, httplib::Response& res,
                AskTrace& trace) {
  auto auth = ctx.authenticator.authenticate(req.get_header_value("Authorization"));
  if (!auth.principal) {
    trace.who = auth.claimed;  // audited only when the signature verified
    common::log::info("auth_refused", {{"request_id", trace.request_id}, {"reason", auth.reason}});
    throw Error::unauthorized("missing or invalid access token");
  }
  const auth::Principal& user = *auth.principal;
  request_scope().user = user.username;
  trace.who = auth::Identity{user.user_id,   user.username,      user.role,
                             user.store_ids, user.is_all_stores, user.org_id};

  if (const auto d = ctx.ask_limiter->acquire(std::to_string(user.user_id)); !d.allowed) {
    ctx.rate_limited(res, "ask_user", d.retry_after);
  }
  if (req.body.size() > ask::kMaxBodyBytes) {
    throw Error(413, "payload_too_large", "request body must be at most 64 KB");
  }
  const json body = common::http::parse_json_object(req);
  // A refused question is kept in the trail as it came (cut to a bounded length).
  if (const auto q = body.find("question"); q != body.end() && q->is_string()) {
    trace.question = q->get<std::string>();
  }
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
    if (history::conversation_held_by_another(ctx.pool, *request.conversation_id, user.user_id)) {
      throw Error::not_found("conversation not found");
    }
  }

  json run_body = {{"question", request.question},
                   {"request_id", trace.request_id},
                   {"user_context",
                    {{"user_id", user.user_id},
                     {"username", user.username},
                     {"role", user.role},
                     {"store_ids", user.store_ids},
                     {"is_all_stores", user.is_all_stores},
                     {"org_id", user.org_id}}}};
  if (request.conversation_id) run_body["conversation_id"] = *request.conversation_id;
  if (request.store_id) run_body["store_id"] = *request.store_id;
  // Recorded by the copilot beside its audit row; never used as a key.
  if (!trace.client_request_id.empty()) run_body["client_request_id"] = trace.client_request_id;

  // One user's asks in flight are capped, streams and JSON alike (and both then wait for one of
  // the copilot connections like everyone else).
  auto slot = ctx.asks_in_flight.acquire(std::to_string(user.user_id));
  if (!slot) ctx.rate_limited(res, "ask_in_flight", std::chrono::seconds(1));
  if (wants_event_stream(req)) {
    stream_ask(ctx, res, run_body, trace, std::move(slot));
    return;
  }
  relay_reply(ctx, res, ctx.copilot.run(run_body, trace.request_id, caller_gone()),
              trace.request_id);
}

}  // namespace

void add_ask_routes(Router& router, Context& ctx) {
  router.post("/api/ask", "/api/ask", [&ctx](const httplib::Request& req, httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string& request_id) {
      const auto& scope = request_scope();
      AskTrace trace{request_id,
                     scope.client_request_id,
                     scope.started ? scope.start : std::chrono::steady_clock::now(),
                     {},
                     {},
                     {}};
      try {
        handle_ask(ctx, req, res, trace);
      } catch (const Error& e) {
        if (trace.who) ctx.audit_refusal(trace, e.http_status(), e.code(), e.what());
        throw;
      }
    });
  });
}

}  // namespace gateway::routes
