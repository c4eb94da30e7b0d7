// Saved questions (issue 16, part 2): a user's own board. An item is a question's text (typed, or
// taken from one of the user's own answers); running it asks the question again through the
// copilot exactly like POST /api/ask, as the viewer — the token's user, role and stores at the
// moment of the run, never the creator's (boards are per user anyway: row-level security by user
// and organisation, gateway/saved/saved_questions.hpp). Each run is a new conversation, rate
// limited like an ask, audited by the copilot under the run's request id; the item keeps the last
// run's time, status and request id. Changes and refusals are audited here.
#include <optional>

#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "common/text/utf8.hpp"
#include "gateway/history/history.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/saved/saved_questions.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

saved::Owner owner_of(const auth::Principal& user) { return {user.org_id, user.user_id}; }

// Text of 1..max characters that is not only blanks, or Error 422 on `field`.
std::string bounded_text(const json& value, const char* field, size_t max) {
  const auto length = value.is_string()
                          ? common::text::utf8_length(value.get_ref<const std::string&>())
                          : std::nullopt;
  const bool blank = !value.is_string() || value.get_ref<const std::string&>().find_first_not_of(
                                               " \t\r\n") == std::string::npos;
  if (!length || *length > max || blank) {
    throw Error::invalid_field(
        field, std::string(field) + " must be text of 1 to " + std::to_string(max) + " characters");
  }
  return value.get<std::string>();
}

void add_item(Context& ctx, const httplib::Request& req, httplib::Response& res,
              const std::string& request_id) {
  const auto user = ctx.require_user(req);
  try {
    const json body = common::http::parse_json_object(req);
    std::string question;
    std::optional<std::string> source;
    const auto rid = body.find("request_id");
    if (rid != body.end() && !rid->is_null()) {
      if (!rid->is_string() || !common::ids::is_safe_request_id(rid->get<std::string>())) {
        throw Error::invalid_field("request_id",
                                   "request_id must be the id of one of your answers");
      }
      // Only the user's own answer can be pinned; anyone else's is not there.
      const auto answer = history::answer_statement_once_written(
          ctx.pool, user.org_id, rid->get<std::string>(), user.user_id);
      if (!answer) throw Error::not_found("answer not found");
      question = answer->question;
      source = rid->get<std::string>();
    } else if (const auto q = body.find("question"); q != body.end()) {
      question = bounded_text(*q, "question", 2000);
    } else {
      throw Error::invalid_field("question", "send request_id (one of your answers) or question");
    }
    std::string title;
    if (const auto t = body.find("title"); t != body.end() && !t->is_null()) {
      title = bounded_text(*t, "title", 200);
    } else {
      title = common::text::sanitize_utf8(question.substr(0, 200));
    }
    const auto item = saved::add(ctx.pool, owner_of(user), title, question, source);
    if (!item) {
      throw Error(409, "conflict",
                  "your board already holds " + std::to_string(saved::kMaxItemsPerUser) +
                      " questions: delete one first");
    }
    record_call(ctx, user, request_id, 201, "saved_question_added", "saved question: " + title,
                "saved", {{"after", *item}});
    common::http::write_json(res, 201, *item);
  } catch (const Error& e) {
    record_call(ctx, user, request_id, e.http_status(), "", "saved question refused", "saved",
                {{"field", e.extra().value("field", "")}}, &e);
    throw;
  }
}

void delete_item(Context& ctx, const httplib::Request& req, httplib::Response& res,
                 const std::string& request_id) {
  const auto user = ctx.require_user(req);
  try {
    const auto id = path_id(req);
    const auto before = id ? saved::find(ctx.pool, owner_of(user), *id) : std::nullopt;
    if (!before || !saved::remove(ctx.pool, owner_of(user), *id)) {
      throw Error::not_found("saved question not found");
    }
    record_call(ctx, user, request_id, 200, "saved_question_deleted",
                "saved question deleted: " + before->value("title", ""), "saved",
                {{"before", *before}});
    common::http::write_json(res, 200, {{"deleted", *id}});
  } catch (const Error& e) {
    record_call(ctx, user, request_id, e.http_status(), "", "saved question delete refused",
                "saved", json::object(), &e);
    throw;
  }
}

void run_item(Context& ctx, const httplib::Request& req, httplib::Response& res,
              const std::string& request_id) {
  const auto user = ctx.require_user(req);
  const auto id = path_id(req);
  try {
    const auto item = id ? saved::find(ctx.pool, owner_of(user), *id) : std::nullopt;
    if (!item) throw Error::not_found("saved question not found");
    if (const auto d = ctx.ask_limiter->acquire(std::to_string(user.user_id)); !d.allowed) {
      ctx.rate_limited(res, "ask_user", d.retry_after);
    }
    auto slot = ctx.asks_in_flight.acquire(std::to_string(user.user_id));
    if (!slot) ctx.rate_limited(res, "ask_in_flight", std::chrono::seconds(1));
    // The viewer's own context from the token: never anything stored with the item.
    const json run_body = {{"question", item->value("question", "")},
                           {"request_id", request_id},
                           {"user_context",
                            {{"user_id", user.user_id},
                             {"username", user.username},
                             {"role", user.role},
                             {"store_ids", user.store_ids},
                             {"is_all_stores", user.is_all_stores},
                             {"org_id", user.org_id}}}};
    const auto reply = ctx.copilot.run(run_body, request_id);
    json body = json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
    if ((reply.status == 200 || reply.status == 202) && body.is_object() &&
        body.contains("status")) {
      const std::string status = body.value("status", "ok");
      const auto now = saved::record_run(ctx.pool, owner_of(user), *id, status, request_id);
      common::http::write_json(res, reply.status,
                               {{"saved", now ? *now : *item}, {"result", body}});
      return;
    }
    const bool error_shape = body.is_object() && body.contains("error") &&
                             body["error"].is_object() && body["error"].value("code", "") != "";
    saved::record_run(ctx.pool, owner_of(user), *id, reply.status == 403 ? "refused" : "failed",
                      request_id);
    if (!error_shape || reply.status < 400 || reply.status == 401 || reply.status == 500 ||
        reply.status > 504) {
      ctx.metrics.count_upstream_error("bad_reply");
      throw Error(502, "upstream_error", "the copilot service gave no valid reply");
    }
    json extra = body["error"];
    extra.erase("code");
    extra.erase("message");
    extra.erase("request_id");
    // The copilot audited the run; its refusal is relayed as it decided it.
    throw Error(reply.status, body["error"].value("code", "upstream_error"),
                body["error"].value("message", "refused"), extra);
  } catch (const Error& e) {
    // What never reached the copilot is audited here (the copilot audits every run it saw).
    if (e.http_status() == 404 || e.http_status() == 429 || e.http_status() == 503) {
      record_call(ctx, user, request_id, e.http_status(), "", "saved question run refused", "saved",
                  {{"saved_id", id ? json(*id) : json(nullptr)}}, &e);
    }
    throw;
  }
}

}  // namespace

void add_saved_routes(Router& router, Context& ctx) {
  router.get("/api/saved", "/api/saved",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) {
                 const auto user = ctx.require_user(req);
                 common::http::write_json(res, 200,
                                          {{"saved", saved::list(ctx.pool, owner_of(user))},
                                           {"max_items", saved::kMaxItemsPerUser}});
               });
             });
  router.post(
      "/api/saved", "/api/saved", [&ctx](const httplib::Request& req, httplib::Response& res) {
        common::http::guarded(
            req, res, [&](const std::string& request_id) { add_item(ctx, req, res, request_id); });
      });
  router.del(R"(/api/saved/([^/]+))", "/api/saved/:id",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string& request_id) {
                 delete_item(ctx, req, res, request_id);
               });
             });
  router.post(R"(/api/saved/([^/]+)/run)", "/api/saved/:id/run",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string& request_id) {
                  run_item(ctx, req, res, request_id);
                });
              });
}

}  // namespace gateway::routes
