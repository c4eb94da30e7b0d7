#include <algorithm>
#include <charconv>

#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "gateway/approvals/approvals.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

constexpr size_t kMaxReasonBytes = 2000;

auth::Principal require_approver(Context& ctx, const httplib::Request& req) {
  auto user = ctx.require_user(req);
  if (user.role != "admin") throw Error::forbidden("approvals are for approvers (admins) only");
  return user;
}

// A path id that is not a positive integer names no approval: 404, like an unknown one.
long long approval_id_of(const httplib::Request& req) {
  const auto id = path_id(req);
  if (!id) throw Error::not_found("approval not found");
  return *id;
}

// {reason?}: an empty body is no reason.
std::string reason_of(const httplib::Request& req) {
  if (req.body.empty()) return "";
  const json body = common::http::parse_json_object(req);
  const auto it = body.find("reason");
  if (it == body.end() || it->is_null()) return "";
  if (!it->is_string() || it->get<std::string>().size() > kMaxReasonBytes) {
    throw Error::invalid_field("reason", "reason must be a string of at most 2000 bytes");
  }
  return it->get<std::string>();
}

void record_decision(Context& ctx, const auth::Principal& approver, const std::string& request_id,
                     const approvals::Decided& decided, bool approve, const std::string& reason,
                     const std::string& run_request_id) {
  auto record = record_for(approver, request_id);
  if (!decided.conversation_id.empty()) record.conversation_id = decided.conversation_id;
  const auto id = std::to_string(decided.approval.value("approval_id", 0LL));
  record.question = (approve ? "approve #" : "reject #") + id + " (" + decided.requester_username +
                    "): " + decided.question;
  record.http_status = 200;
  record.error_code = approve ? "approval_approved" : "approval_rejected";
  record.error_message = (reason.empty() ? std::string("no reason given") : reason) +
                         (run_request_id.empty() ? "" : "; ran as request " + run_request_id);
  record.total_ms = ms_since(request_scope().start);
  record.status = approve ? "approved" : "rejected";
  ctx.audit.record(std::move(record));
}

// A decision refused (own request, unknown id, already decided, bad reason) by a signed-in
// user: one audit row, like a refused ask.
void record_refusal(Context& ctx, const auth::Principal& user, const std::string& request_id,
                    bool approve, const httplib::Request& req, const Error& e) {
  auto record = record_for(user, request_id);
  record.question = std::string(approve ? "approve #" : "reject #") +
                    (req.matches.size() > 1 ? std::string(req.matches[1]).substr(0, 40) : "");
  record.http_status = e.http_status();
  record.error_code = e.code();
  record.error_message = e.what();
  record.total_ms = ms_since(request_scope().start);
  ctx.audit.record(std::move(record));
}

void decide_as(Context& ctx, const auth::Principal& approver, const httplib::Request& req,
               httplib::Response& res, const std::string& request_id, bool approve) {
  const long long id = approval_id_of(req);
  const std::string reason = reason_of(req);
  // The statement runs with the role and stores stored with the request — only while the
  // requester still has them: a requester disabled, moved to another role or taken off a store
  // since asking gets nothing run for them (the request stays pending until it expires).
  const auto requester_still_allowed = [&](const approvals::Decided& held) {
    const auto now = ctx.users.by_id(approver.org_id, held.requester_id);
    const bool stores_kept =
        now && std::all_of(held.store_ids.begin(), held.store_ids.end(), [&](int store) {
          return now->is_all_stores || std::find(now->store_ids.begin(), now->store_ids.end(),
                                                 store) != now->store_ids.end();
        });
    if (!now || now->disabled || now->role != held.role || !stores_kept) {
      throw Error(409, "conflict",
                  "the requester's account, role or stores changed since they asked: the "
                  "statement is not run for them; they can ask again");
    }
  };
  const auto decided = approvals::decide(ctx.pool, approver.org_id, id, approver.user_id, approve,
                                         reason, requester_still_allowed);
  json out = {{"approval", decided.approval}};
  std::string run_request_id;
  if (approve) {
    // The held statement runs now, as the REQUESTER: their role and scope as stored with the
    // request, their conversation; the copilot claims it once and checks all of that again. Its
    // own request id, so that its audit row is not this decision's.
    run_request_id = common::ids::new_uuid();
    json run_body = {{"question", decided.question},
                     {"request_id", run_request_id},
                     {"approval_id", id},
                     {"user_context",
                      {{"user_id", decided.requester_id},
                       {"username", decided.requester_username},
                       {"role", decided.role},
                       {"store_ids", decided.store_ids},
                       {"is_all_stores", false},
                       {"org_id", approver.org_id}}}};
    if (!decided.conversation_id.empty()) run_body["conversation_id"] = decided.conversation_id;
    json execution;
    try {
      // Not tied to the approver's connection: the requester's answer is worth finishing.
      const auto reply = ctx.copilot.run(run_body, run_request_id, {});
      auto body = json::parse(reply.body, nullptr, false);
      if (body.is_discarded()) body = nullptr;
      execution = {{"http_status", reply.status}, {"request_id", run_request_id}, {"body", body}};
    } catch (const Error& e) {
      execution = {{"http_status", e.http_status()},
                   {"request_id", run_request_id},
                   {"body", common::error_body(e, run_request_id)}};
    }
    out["execution"] = execution;
    if (auto fresh = approvals::read(ctx.pool, approver.org_id, id)) out["approval"] = *fresh;
  }
  record_decision(ctx, approver, request_id, decided, approve, reason, run_request_id);
  common::log::info("approval_decided", {{"request_id", request_id},
                                         {"approval_id", id},
                                         {"decision", approve ? "approved" : "rejected"},
                                         {"approver", approver.username},
                                         {"run_request_id", run_request_id}});
  common::http::write_json(res, 200, out);
}

void decide(Context& ctx, const httplib::Request& req, httplib::Response& res,
            const std::string& request_id, bool approve) {
  const auto user = ctx.require_user(req);
  try {
    if (user.role != "admin") throw Error::forbidden("approvals are for approvers (admins) only");
    decide_as(ctx, user, req, res, request_id, approve);
  } catch (const Error& e) {
    record_refusal(ctx, user, request_id, approve, req, e);
    throw;
  }
}

}  // namespace

void add_approvals_routes(Router& router, Context& ctx) {
  router.get(
      "/api/approvals", "/api/approvals",
      [&ctx](const httplib::Request& req, httplib::Response& res) {
        common::http::guarded(req, res, [&](const std::string&) {
          const auto approver = require_approver(ctx, req);
          const std::string status =
              req.has_param("status") ? req.get_param_value("status") : "pending";
          if (status != "pending" && status != "approved" && status != "rejected" &&
              status != "expired") {
            throw Error::invalid_field("status",
                                       "status must be pending, approved, rejected or expired");
          }
          int limit = 50;
          if (req.has_param("limit")) {
            const std::string text = req.get_param_value("limit");
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
            if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 200) {
              throw Error::invalid_field("limit", "limit must be an integer from 1 to 200");
            }
          }
          common::http::write_json(res, 200,
                                   approvals::list(ctx.pool, approver.org_id, status, limit));
        });
      });
  // One request, for its requester (who follows a held question from the ask page) or an
  // approver. Anyone else gets the same 404 as for an id that does not exist.
  router.get(R"(/api/approvals/([^/]+))", "/api/approvals/:id",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) {
                 const auto user = ctx.require_user(req);
                 const auto row = approvals::read(ctx.pool, user.org_id, approval_id_of(req));
                 if (!row || (user.role != "admin" &&
                              (*row)["requester"].value("user_id", 0LL) != user.user_id)) {
                   throw Error::not_found("approval not found");
                 }
                 common::http::write_json(res, 200, *row);
               });
             });
  router.post(R"(/api/approvals/([^/]+)/approve)", "/api/approvals/:id/approve",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string& request_id) {
                  decide(ctx, req, res, request_id, true);
                });
              });
  router.post(R"(/api/approvals/([^/]+)/reject)", "/api/approvals/:id/reject",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string& request_id) {
                  decide(ctx, req, res, request_id, false);
                });
              });
}

}  // namespace gateway::routes
