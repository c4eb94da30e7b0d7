// An answer's result as a file (issue 16, part 1): GET /api/answers/{request_id}/export
// ?format=csv|xlsx|json, for the user who asked (anyone else, in any organisation: 404).
//
// Rows are not stored at answer time. The export re-runs the answer's audited final SQL through
// the copilot (POST /rerun): the guardrail checks it again for the asker's role as it is now,
// and it runs as that role's reader in the asker's CURRENT stores (narrowed to the answer's).
// Chosen over keeping a copy of the rows because a copy would keep showing what the owner may
// no longer see (a store taken away, a role changed, a policy tightened), would put result
// rows — customer-level ones included — into the app database for as long as it is kept, and
// would grow the trail by every answer's rows; the re-run costs one bounded query (≤ 200 rows,
// the guardrail's cap, statement_timeout) per export. Pagila's data does not change, so the
// file shows the answer's rows; on live data it shows them as of the export (the workbook says
// when).
//
// Audit: a refusal here (bad format, unknown or foreign answer) is a gateway row; the re-run is
// the copilot's row under this request's id (question "export (<format>): re-run of answer …",
// its validation and db_execution stages).
#include <ctime>

#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "gateway/exports/answer_files.hpp"
#include "gateway/history/history.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

std::string stores_text(const std::vector<int>& stores) {
  std::string out;
  for (const int s : stores) out += (out.empty() ? "" : ", ") + std::to_string(s);
  return out;
}

std::string now_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// The copilot's re-run: its body, or its error (policy_denied when the guardrail refuses the
// statement for the role today, scope_denied when none of the answer's stores is the user's any
// more) under our request id.
json rerun(Context& ctx, const auth::Principal& user, const history::AnswerStatement& answer,
           const std::string& source_request_id, const std::string& purpose,
           const std::string& request_id) {
  const json body = {{"request_id", request_id},
                     {"source_request_id", source_request_id},
                     {"sql", answer.sql},
                     {"store_ids", answer.store_ids},
                     {"purpose", purpose},
                     {"user_context",
                      {{"user_id", user.user_id},
                       {"username", user.username},
                       {"role", user.role},
                       {"store_ids", user.store_ids},
                       {"is_all_stores", user.is_all_stores},
                       {"org_id", user.org_id}}}};
  const auto reply = ctx.copilot.post("/rerun", body, request_id);
  json out = json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (reply.status == 200 && out.is_object() && out.contains("columns") && out.contains("rows") &&
      out["columns"].is_array() && out["rows"].is_array()) {
    return out;
  }
  const bool error_shape = out.is_object() && out.contains("error") && out["error"].is_object() &&
                           out["error"].value("code", "") != "";
  if (!error_shape || reply.status < 400 || reply.status == 401 || reply.status == 500 ||
      reply.status > 504) {
    ctx.metrics.count_upstream_error("bad_reply");
    throw Error(502, "upstream_error", "the copilot service gave no valid reply");
  }
  const json& e = out["error"];
  throw Error(reply.status, e.value("code", "upstream_error"), e.value("message", "refused"),
              e.contains("reason") ? json{{"reason", e["reason"]}} : json::object());
}

void export_answer(Context& ctx, const httplib::Request& req, httplib::Response& res,
                   const std::string& request_id) {
  const auto user = ctx.require_user(req);
  const std::string source = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
  const std::string format = req.has_param("format") ? req.get_param_value("format") : "";
  try {
    if (format != "csv" && format != "xlsx" && format != "json") {
      throw Error::bad_request("format must be csv, xlsx or json");
    }
    const auto answer =
        common::ids::is_safe_request_id(source)
            ? history::answer_statement_once_written(ctx.pool, user.org_id, source, user.user_id)
            : std::nullopt;
    if (!answer) throw Error::not_found("answer not found");
    json result = rerun(ctx, user, *answer, source, format, request_id);
    const auto& columns = result["columns"];
    const auto& rows = result["rows"];
    if (format == "json") {
      result["question"] = answer->question;
      common::http::write_json(res, 200, result);
      return;
    }
    const std::string name = exports::file_name(answer->question, source, format);
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.status = 200;
    if (format == "csv") {
      res.set_content(exports::to_csv(columns, rows), "text/csv; charset=utf-8");
    } else {
      const exports::AnswerFacts facts{
          answer->question,
          result.value("sql", answer->sql),
          user.role,
          stores_text(
              result.contains("security")
                  ? result["security"].value("store_ids", json::array()).get<std::vector<int>>()
                  : answer->store_ids),
          now_iso(),
          result.value("truncated", false)};
      res.set_content(exports::to_xlsx(columns, rows, facts),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
    common::log::info("answer_exported", {{"request_id", request_id},
                                          {"source_request_id", source},
                                          {"format", format},
                                          {"rows", rows.size()}});
  } catch (const Error& e) {
    // The copilot audited what reached it (its re-run); what it never saw is audited here.
    if (e.http_status() == 400 || e.http_status() == 404) {
      auto r = record_for(user, request_id);
      r.question = "export of answer " + source.substr(0, 64);
      r.http_status = e.http_status();
      r.error_code = e.code();
      r.error_message = e.what();
      r.details = {{"export", {{"format", format.substr(0, 16)}}}};
      ctx.audit.record(std::move(r));
    }
    throw;
  }
}

}  // namespace

void add_answers_routes(Router& router, Context& ctx) {
  router.get(R"(/api/answers/([^/]+)/export)", "/api/answers/:request_id/export",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string& request_id) {
                 export_answer(ctx, req, res, request_id);
               });
             });
}

}  // namespace gateway::routes
