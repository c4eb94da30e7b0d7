#include "gateway/routes/ask.hpp"

#include <memory>

#include "common/http/http.hpp"
#include "common/log/log.hpp"
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

// Relays the copilot's answer: its JSON object as it is, or its error under our request id.
void relay_reply(Context& ctx, httplib::Response& res, const ask::UpstreamReply& reply,
                 const std::string& request_id) {
  const auto bad_reply = [&](const char* why) {
    ctx.metrics.count_upstream_error("bad_reply");
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

void stream_ask(Context& ctx, httplib::Response& res, const json& run_body, const AskTrace& trace) {
  auto opened = ctx.copilot.open_stream(run_body, trace.request_id);
  if (!opened.stream) {
    relay_reply(ctx, res, opened.reply, trace.request_id);
    return;
  }
  std::shared_ptr<ask::UpstreamStream> stream = std::move(opened.stream);
  auto scan = std::make_shared<StreamScan>();
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider("text/event-stream", [&ctx, stream, scan, trace](
                                                            size_t, httplib::DataSink& sink) {
    std::string chunk;
    const auto finish_with = [&](const Error& e, const char* kind) {
      ctx.metrics.count_upstream_error(kind);
      ctx.audit_refusal(trace, e.http_status(), e.code(), e.what());
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
  trace.who =
      auth::Identity{user.user_id, user.username, user.role, user.store_ids, user.is_all_stores};

  if (const auto d = ctx.ask_limiter.acquire(std::to_string(user.user_id)); !d.allowed) {
    ctx.rate_limited(res, "ask_user", d.retry_after);
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
    const auto owner = history::conversation_owner(ctx.pool, *request.conversation_id);
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
    stream_ask(ctx, res, run_body, trace);
    return;
  }
  relay_reply(ctx, res, ctx.copilot.run(run_body, trace.request_id), trace.request_id);
}

}  // namespace

void add_ask_routes(Router& router, Context& ctx) {
  router.post("/api/ask", "/api/ask", [&ctx](const httplib::Request& req, httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string& request_id) {
      const auto& scope = request_scope();
      AskTrace trace{
          request_id, scope.started ? scope.start : std::chrono::steady_clock::now(), {}, {}, {}};
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
