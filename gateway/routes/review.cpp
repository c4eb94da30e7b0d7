// The quality loop (issue 16, parts 3–5), for admins of the caller's organisation:
//   GET  /api/review?status=open|reviewed&kind=thumbs_down|declined|low_confidence&limit=
//   GET  /api/review/stats                  accuracy, thumbs ratio and decline rate per week,
//                                           role and intent
//   GET  /api/review/{request_id}           one item, with its rows re-run (bounded, 50) as the
//                                           asker — their current role and stores — because the
//                                           trail records row counts, not rows
//   POST /api/review/{request_id}           {verdict: right|wrong, corrected_sql?, note?}; a
//                                           corrected statement is checked by the copilot's
//                                           guardrail and run as the asker before it is saved
//                                           (422 guardrail_rejected with the guardrail's reason)
//   GET  /api/eval/corrections?limit=       reviewed pairs as regression cases, each with its gold
//                                           computed by running the reviewed SQL as the asker
//   GET  /api/eval/export?since=&until=     JSON Lines, customer PII scrubbed, streamed through a
//                                           server-side cursor (contracts/eval-export.md)
// The copilot owns the guardrail and the executor: statements go to its internal
// POST /run_statement (X-Internal-Token), never through a copy of the guardrail here. Refusals,
// verdicts and exports are audited.
#include <charconv>
#include <memory>

#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "common/text/utf8.hpp"
#include "gateway/audit/audit_log.hpp"
#include "gateway/review/review.hpp"
#include "gateway/review/scrubber.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

constexpr size_t kMaxSqlBytes = 20000;
constexpr size_t kMaxNoteChars = 2000;
constexpr size_t kShownRows = 50;
constexpr size_t kExportBatch = 500;

int limit_of(const httplib::Request& req, int fallback) {
  if (!req.has_param("limit")) return fallback;
  const std::string text = req.get_param_value("limit");
  int limit = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 200) {
    throw Error::invalid_field("limit", "limit must be an integer from 1 to 200");
  }
  return limit;
}

std::string item_id_of(const httplib::Request& req) {
  std::string id = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
  if (!common::ids::is_safe_request_id(id)) throw Error::not_found("no such review item");
  return id;
}

// The asker as they are now: the statement runs with their current role and stores (never more
// than they may read today). A disabled or deleted account gets nothing run.
std::optional<json> asker_context(Context& ctx, long long org, const json& item) {
  const auto& asker = item["asker"];
  if (!asker["user_id"].is_number_integer()) return std::nullopt;
  const auto now = ctx.users.by_id(org, asker["user_id"].get<long long>());
  if (!now || now->disabled) return std::nullopt;
  return json{
      {"user_id", now->user_id},     {"username", now->username},           {"role", now->role},
      {"store_ids", now->store_ids}, {"is_all_stores", now->is_all_stores}, {"org_id", org}};
}

// POST /run_statement on the copilot: {accepted, reason_code, reason, sql, columns, rows,
// row_count, truncated} with the check's own request id, or the copilot's error as an Error.
json run_as_asker(Context& ctx, const json& user_context, const std::string& sql,
                  const std::string& purpose, size_t max_rows) {
  const std::string check_id = common::ids::new_uuid();
  const auto reply = ctx.copilot.post(
      "/run_statement",
      {{"sql", sql}, {"purpose", purpose}, {"max_rows", max_rows}, {"user_context", user_context}},
      check_id);
  json body = json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    throw Error(502, "upstream_error", "the copilot service gave no valid reply");
  }
  if (reply.status != 200) {
    const auto& error = body.value("error", json::object());
    const int status = reply.status == 503 || reply.status == 504 ? reply.status : 422;
    throw Error(status, status == 422 ? "correction_failed" : error.value("code", "upstream_error"),
                "the statement could not run as the asker: " +
                    error.value("message", std::string("the copilot refused it")),
                {{"field", "corrected_sql"}, {"check_request_id", check_id}});
  }
  body["check_request_id"] = check_id;
  return body;
}

void list_items(Context& ctx, const httplib::Request& req, httplib::Response& res,
                const std::string& request_id) {
  for_admin(ctx, req, request_id, "review", "the review queue", [&](const auth::Principal& admin) {
    review::ListQuery query;
    query.status = req.has_param("status") ? req.get_param_value("status") : "open";
    if (query.status != "open" && query.status != "reviewed") {
      throw Error::invalid_field("status", "status must be open or reviewed");
    }
    query.kind = req.has_param("kind") ? req.get_param_value("kind") : "";
    if (!query.kind.empty() && std::none_of(std::begin(review::kKinds), std::end(review::kKinds),
                                            [&](const char* k) { return query.kind == k; })) {
      throw Error::invalid_field("kind", "kind must be thumbs_down, declined or low_confidence");
    }
    query.limit = limit_of(req, 50);
    common::http::write_json(res, 200, review::list(ctx.pool, admin.org_id, query));
  });
}

void show_item(Context& ctx, const httplib::Request& req, httplib::Response& res,
               const std::string& request_id) {
  for_admin(ctx, req, request_id, "review", "the review queue", [&](const auth::Principal& admin) {
    const std::string id = item_id_of(req);
    auto item = review::read(ctx.pool, admin.org_id, id);
    if (!item) throw Error::not_found("no such review item");
    json rows = {{"source", "re-run"}, {"limit", kShownRows}};
    const std::string sql = item->value("sql", "");
    const auto asker = asker_context(ctx, admin.org_id, *item);
    if (sql.empty()) {
      rows["note"] = "no statement ran for this request";
    } else if (!asker) {
      rows["note"] = "the asker's account is gone or disabled: nothing is run for them";
    } else {
      try {
        auto ran = run_as_asker(ctx, *asker, sql, "review of " + id, kShownRows);
        rows["as"] = {{"role", (*asker)["role"]}, {"store_ids", (*asker)["store_ids"]}};
        for (const char* key : {"accepted", "reason", "columns", "rows", "row_count", "truncated",
                                "check_request_id"}) {
          if (ran.contains(key)) rows[key] = ran[key];
        }
      } catch (const Error& e) {
        rows["note"] = e.what();
      }
    }
    (*item)["rows"] = rows;
    common::http::write_json(res, 200, *item);
  });
}

void save_verdict(Context& ctx, const httplib::Request& req, httplib::Response& res,
                  const std::string& request_id) {
  for_admin(ctx, req, request_id, "review", "the review queue", [&](const auth::Principal& admin) {
    const std::string id = item_id_of(req);
    const json body = common::http::parse_json_object(req);
    review::Verdict v;
    v.request_id = id;
    v.reviewer_id = admin.user_id;
    v.reviewer = admin.username;
    const auto verdict = body.find("verdict");
    if (verdict == body.end() || !verdict->is_string() ||
        (*verdict != "right" && *verdict != "wrong")) {
      throw Error::invalid_field("verdict", "verdict must be \"right\" or \"wrong\"");
    }
    v.verdict = verdict->get<std::string>();
    if (const auto n = body.find("note"); n != body.end() && !n->is_null()) {
      const auto length = n->is_string()
                              ? common::text::utf8_length(n->get_ref<const std::string&>())
                              : std::nullopt;
      if (!length || *length > kMaxNoteChars) {
        throw Error::invalid_field("note", "note must be text of at most 2000 characters");
      }
      if (*length > 0) v.note = n->get<std::string>();
    }
    std::optional<std::string> corrected;
    if (const auto c = body.find("corrected_sql"); c != body.end() && !c->is_null()) {
      if (!c->is_string() || c->get_ref<const std::string&>().size() > kMaxSqlBytes ||
          !common::text::utf8_length(c->get_ref<const std::string&>())) {
        throw Error::invalid_field("corrected_sql",
                                   "corrected_sql must be text of at most 20000 bytes");
      }
      const auto& text = c->get_ref<const std::string&>();
      if (text.find_first_not_of(" \t\r\n") != std::string::npos) corrected = text;
    }
    const auto item = review::read(ctx.pool, admin.org_id, id);
    if (!item) throw Error::not_found("no such review item");
    json check = nullptr;
    if (corrected) {
      const auto asker = asker_context(ctx, admin.org_id, *item);
      if (!asker) {
        throw Error(409, "conflict",
                    "the asker's account is gone or disabled: a correction cannot run as them");
      }
      const json ran = run_as_asker(ctx, *asker, *corrected, "review correction of " + id, 0);
      if (!ran.value("accepted", false)) {
        const std::string code = ran.value("reason_code", "");
        throw Error(422, "guardrail_rejected",
                    "the corrected SQL was refused by the guardrail (" + code +
                        "): " + ran.value("reason", std::string()),
                    {{"field", "corrected_sql"},
                     {"reason_code", code},
                     {"reason", ran.value("reason", "")},
                     {"check_request_id", ran.value("check_request_id", "")}});
      }
      v.corrected_sql = corrected;
      v.correction_row_count = ran.value("row_count", 0LL);
      v.correction_role = (*asker)["role"].get<std::string>();
      v.correction_store_ids = (*asker)["store_ids"].get<std::vector<int>>();
      check = {{"check_request_id", ran["check_request_id"]},
               {"row_count", ran["row_count"]},
               {"sql", ran["sql"]}};
    }
    const json saved = review::save(ctx.pool, admin.org_id, v);
    record_call(ctx, admin, request_id, 201, "review_saved",
                "review of " + id + ": " + v.verdict + (corrected ? " (corrected)" : ""), "review",
                {{"request_id", id}, {"after", saved}, {"check", check}});
    common::http::write_json(res, 201, {{"request_id", id}, {"review", saved}, {"check", check}});
  });
}

void eval_corrections(Context& ctx, const httplib::Request& req, httplib::Response& res,
                      const std::string& request_id) {
  for_admin(ctx, req, request_id, "review", "the review queue", [&](const auth::Principal& admin) {
    json out = review::corrections(ctx.pool, admin.org_id, limit_of(req, 50));
    for (auto& c : out["corrections"]) {
      // The gold: the reviewed SQL's rows as the asker (the guardrail's LIMIT applies).
      const auto asker = c["asker"]["user_id"].is_number_integer()
                             ? asker_context(ctx, admin.org_id, json{{"asker", c["asker"]}})
                             : std::nullopt;
      if (!asker) {
        c["gold"] = nullptr;
        c["gold_note"] = "the asker's account is gone or disabled";
        continue;
      }
      try {
        const json ran = run_as_asker(ctx, *asker, c["reviewed_sql"].get<std::string>(),
                                      "eval gold of " + c["request_id"].get<std::string>(), 200);
        c["gold"] = ran.value("accepted", false)
                        ? json{{"columns", ran["columns"]}, {"rows", ran["rows"]}}
                        : json(nullptr);
        if (!ran.value("accepted", false)) c["gold_note"] = ran.value("reason", "");
      } catch (const Error& e) {
        c["gold"] = nullptr;
        c["gold_note"] = e.what();
      }
    }
    common::http::write_json(res, 200, out);
  });
}

// One export record (contracts/eval-export.md), scrubbed.
json export_record(const json& item, const review::PiiScrubber& scrubber) {
  const json& review = item["review"];
  return {{"request_id", item["request_id"]},
          {"created_at", item["created_at"]},
          {"question", scrubber.scrub_json(item["question"])},
          {"role", item["asker"]["role"]},
          {"scope", {{"store_ids", item["asker"]["store_ids"]}}},
          {"status", item["status"]},
          {"intent", item["intent"]},
          {"semantic_query", scrubber.scrub_json(item["semantic_query"])},
          {"sql", scrubber.scrub_json(item["sql"])},
          {"row_count", item["row_count"]},
          {"path", item["path"]},
          {"kinds", item["kinds"]},
          {"rating", item["rating"]},
          {"comment", scrubber.scrub_json(item["comment"])},
          {"review", review.is_object()
                         ? json{{"verdict", review["verdict"]},
                                {"corrected_sql", scrubber.scrub_json(review["corrected_sql"])},
                                {"correction_row_count", review["correction_row_count"]},
                                {"note", scrubber.scrub_json(review["note"])},
                                {"reviewed_at", review["reviewed_at"]}}
                         : json(nullptr)}};
}

void eval_export(Context& ctx, const httplib::Request& req, httplib::Response& res,
                 const std::string& request_id) {
  for_admin(ctx, req, request_id, "review", "the review queue", [&](const auth::Principal& admin) {
    // The window is read after the caller is known to be an admin: others get 403, not 422.
    review::ExportWindow window;
    for (const auto& [value, name] :
         {std::pair{&window.since, "since"}, std::pair{&window.until, "until"}}) {
      if (!req.has_param(name)) continue;
      *value = req.get_param_value(name);
      if (!gateway::audit::is_iso_timestamp(**value)) {
        throw Error::invalid_field(name, std::string(name) + " must be an ISO-8601 time");
      }
    }
    review::check_window(ctx.pool, window);
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition", "attachment; filename=\"eval-export.jsonl\"");
    // The provider runs on this connection's thread once the handler returned; it streams the
    // whole export in one call, a cursor batch at a time, and audits it when it ends.
    res.set_chunked_content_provider("application/x-ndjson", [&ctx, admin, window, request_id](
                                                                 size_t, httplib::DataSink& sink) {
      bool complete = true;
      size_t records = 0;
      try {
        records = review::export_records(
            ctx.pool, admin.org_id, window, kExportBatch,
            [&](json& item, const review::PiiScrubber& scrubber) {
              std::string line = export_record(item, scrubber)
                                     .dump(-1, ' ', false, json::error_handler_t::replace);
              line += '\n';
              if (!sink.write(line.data(), line.size())) complete = false;
              return complete;
            });
      } catch (const std::exception& e) {
        complete = false;
        common::log::error("eval_export_failed", {{"request_id", request_id}, {"what", e.what()}});
      }
      record_call(ctx, admin, request_id, 200, complete ? "eval_exported" : "eval_export_cut",
                  "dataset export: " + std::to_string(records) + " records" +
                      (complete ? "" : " (cut short)"),
                  "review", {{"records", records}, {"complete", complete}});
      if (complete) sink.done();
      return complete;
    });
  });
}

}  // namespace

void add_review_routes(Router& router, Context& ctx) {
  const auto route = [&ctx](auto handler) {
    return [&ctx, handler](const httplib::Request& req, httplib::Response& res) {
      common::http::guarded(
          req, res, [&](const std::string& request_id) { handler(ctx, req, res, request_id); });
    };
  };
  router.get("/api/review", "/api/review", route(list_items));
  // Before /api/review/{id}: the first matching route answers.
  router.get("/api/review/stats", "/api/review/stats",
             route([](Context& c, const httplib::Request& req, httplib::Response& res,
                      const std::string& request_id) {
               for_admin(c, req, request_id, "review", "the review queue",
                         [&](const auth::Principal& admin) {
                           common::http::write_json(res, 200, review::stats(c.pool, admin.org_id));
                         });
             }));
  router.get(R"(/api/review/([^/]+))", "/api/review/:id", route(show_item));
  router.post(R"(/api/review/([^/]+))", "/api/review/:id", route(save_verdict));
  router.get("/api/eval/corrections", "/api/eval/corrections", route(eval_corrections));
  router.get("/api/eval/export", "/api/eval/export", route(eval_export));
}

}  // namespace gateway::routes
