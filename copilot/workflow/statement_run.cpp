// A statement that is already written — an audited answer's, re-run for an export (rerun), or a
// reviewer's correction (run_statement, issue 16 part 3) — goes through the same guardrail and
// executor as a generated one, with the user's role and stores as they are today, so neither
// can read what the user could not. Planning, risk holds, narration and conversation memory do
// not apply: only the rows are wanted. Both leave their audit rows whatever happens.
#include <chrono>
#include <cmath>
#include <optional>

#include "common/log/log.hpp"
#include "copilot/execution/execution_error.hpp"
#include "copilot/workflow/pipeline.hpp"

namespace copilot::workflow {
namespace {

using json = nlohmann::json;

double ms_between(std::chrono::steady_clock::time_point from,
                  std::chrono::steady_clock::time_point to) {
  return std::round(std::chrono::duration<double, std::milli>(to - from).count() * 1000.0) / 1000.0;
}

json columns_of(const ResultSet& rows) {
  json out = json::array();
  for (const auto& c : rows.columns) out.push_back({{"name", c.name}, {"type", c.type}});
  return out;
}

json first_rows(const ResultSet& rows, size_t max_rows) {
  json out = json::array();
  for (size_t i = 0; i < rows.rows.size() && i < max_rows; ++i) out.push_back(rows.rows[i]);
  return out;
}

audit::AuditRecord record_for(const std::string& request_id, const UserContext& user, long user_id,
                              const std::vector<int>& store_ids, std::string question,
                              std::string path) {
  audit::AuditRecord record;
  record.request_id = request_id;
  record.org_id = user.org_id;
  if (user_id > 0) record.user_id = user_id;
  record.username = user.username;
  record.role = std::string(role_name(user.role));
  record.store_ids = store_ids;
  record.question = std::move(question);
  record.path = std::move(path);
  return record;
}

}  // namespace

Pipeline::CheckedStatement Pipeline::check_and_execute(audit::AuditRecord& record,
                                                       const std::string& sql, Role role,
                                                       const std::vector<int>& store_ids,
                                                       const json& context) {
  CheckedStatement out;
  std::string stage = "validation";
  auto t = deps_.clock.steady_now();
  const auto fail = [&](const common::Error& e) {
    record.events.push_back({stage,
                             "failed",
                             ms_between(t, deps_.clock.steady_now()),
                             {{"error_code", e.code()}, {"message", e.what()}}});
    record.error_stage = stage;
    record.error_code = e.code();
    record.error_message = e.what();
    RunResult failed;
    failed.http_status = e.http_status();
    failed.body = common::error_body(e, record.request_id);
    out.failure = std::move(failed);
  };
  try {
    out.verdict = deps_.validation.validate(sql, role);
    const double validation_ms = ms_between(t, deps_.clock.steady_now());
    record.timings["validation"] = validation_ms;
    json details = {{"verdict", out.verdict.accepted ? "accept" : "reject"},
                    {"reason_code", out.verdict.reason_code},
                    {"reason", out.verdict.reason},
                    {"fingerprint", out.verdict.fingerprint}};
    details.update(context);
    record.events.push_back(
        {"validation", out.verdict.accepted ? "ok" : "refused", validation_ms, details});
    record.final_sql = out.verdict.accepted ? out.verdict.sql : sql;
    if (!out.verdict.accepted) return out;

    stage = "db_execution";
    t = deps_.clock.steady_now();
    execution::ExecResult executed =
        deps_.executor.execute({out.verdict.sql, role, store_ids, out.verdict.fingerprint});
    ResultSet& rows = executed.result;
    // A result cut at the guardrail's own limit is as truncated as one cut by the executor.
    rows.truncated =
        rows.truncated || (out.verdict.effective_limit >= static_cast<int>(execution::kMaxRows) &&
                           rows.rows.size() >= static_cast<size_t>(out.verdict.effective_limit));
    const double execution_ms = ms_between(t, deps_.clock.steady_now());
    record.timings["db_execution"] = execution_ms;
    record.row_count = static_cast<int>(rows.rows.size());
    record.events.push_back({"db_execution",
                             "ok",
                             execution_ms,
                             {{"row_count", rows.rows.size()},
                              {"truncated", rows.truncated},
                              {"cache_hit", executed.cache_hit}}});
    out.executed = std::move(executed);
  } catch (const common::Error& e) {
    fail(e);
  } catch (const std::exception& e) {
    common::log::error("statement_run_exception",
                       {{"request_id", record.request_id}, {"stage", stage}, {"what", e.what()}});
    fail(common::Error::internal("internal error"));
    record.error_code = "internal";
    record.error_message = e.what();
  }
  return out;
}

RunResult Pipeline::run_statement(const StatementRequest& request) {
  const auto start = deps_.clock.steady_now();
  audit::AuditRecord record = record_for(request.request_id, request.user, request.user_id,
                                         request.user.store_ids, request.purpose, "review_check");
  const auto finish = [&](RunResult result, const std::string& status, const json& details) {
    const double total = ms_between(start, deps_.clock.steady_now());
    record.events.push_back({status == "failed" ? "failed" : "completed", status, 0, details});
    record.status = status;
    record.http_status = result.http_status;
    record.timings["total"] = total;
    record.total_ms = total;
    deps_.audit.record(std::move(record));
    return result;
  };

  auto checked = check_and_execute(record, request.sql, request.user.role, request.user.store_ids,
                                   {{"sql", request.sql}});
  if (checked.failure) return finish(std::move(*checked.failure), "failed", json::object());
  const ValidationResult& verdict = checked.verdict;
  if (!verdict.accepted) {
    // A rejection is the check's answer (accepted false), not an error of the request.
    record.error_stage = "validation";
    record.error_code = "guardrail_rejected";
    record.error_message = verdict.reason_code + ": " + verdict.reason;
    RunResult result;
    result.body = {{"request_id", request.request_id},
                   {"accepted", false},
                   {"reason_code", verdict.reason_code},
                   {"reason", verdict.reason},
                   {"sql", request.sql}};
    return finish(std::move(result), "refused", {{"reason_code", verdict.reason_code}});
  }
  const ResultSet& rows = checked.executed->result;
  RunResult result;
  result.body = {{"request_id", request.request_id},
                 {"accepted", true},
                 {"reason_code", ""},
                 {"reason", verdict.reason},
                 {"sql", verdict.sql},
                 {"columns", columns_of(rows)},
                 {"rows", first_rows(rows, request.max_rows)},
                 {"row_count", rows.rows.size()},
                 {"truncated", rows.truncated || rows.rows.size() > request.max_rows}};
  return finish(std::move(result), "ok", json::object());
}

RunResult Pipeline::rerun(const RerunRequest& request) {
  const auto start = deps_.clock.steady_now();
  audit::AuditRecord record = record_for(
      request.request_id, request.user, request.user_id, request.store_ids,
      "export (" + request.purpose + "): re-run of answer " + request.source_request_id, "rerun");
  const auto conclude = [&](RunResult result, const std::string& status) {
    const double total = ms_between(start, deps_.clock.steady_now());
    record.status = status;
    record.http_status = result.http_status;
    record.timings["total"] = total;
    record.total_ms = total;
    record.events.push_back(
        {status == "failed" ? "failed" : "completed",
         status,
         0,
         {{"total_ms", total}, {"source_request_id", request.source_request_id}}});
    deps_.audit.record(std::move(record));
    return result;
  };

  const Role role = request.user.role;
  auto checked = check_and_execute(record, request.sql, role, request.store_ids,
                                   {{"source_request_id", request.source_request_id}});
  if (checked.failure) return conclude(std::move(*checked.failure), "failed");
  const ValidationResult& verdict = checked.verdict;
  if (!verdict.accepted) {
    record.error_stage = "validation";
    record.error_code = "policy_denied";
    record.error_message = "the guardrail refuses this statement for your role today (" +
                           verdict.reason_code + "): " + verdict.reason;
    RunResult refused;
    refused.http_status = 403;
    refused.body = common::error_body(
        common::Error(403, "policy_denied", record.error_message,
                      {{"reason", record.error_message},
                       {"suggestion", "Ask the question again to get an answer you may see."}}),
        request.request_id);
    return conclude(std::move(refused), "refused");
  }
  const ResultSet& rows = checked.executed->result;
  RunResult result;
  result.body = {{"request_id", request.request_id},
                 {"source_request_id", request.source_request_id},
                 {"status", "ok"},
                 {"sql", verdict.sql},
                 {"columns", columns_of(rows)},
                 {"rows", first_rows(rows, rows.rows.size())},
                 {"row_count", rows.rows.size()},
                 {"truncated", rows.truncated},
                 {"security", {{"role", role_name(role)}, {"store_ids", request.store_ids}}}};
  return conclude(std::move(result), "ok");
}

}  // namespace copilot::workflow
