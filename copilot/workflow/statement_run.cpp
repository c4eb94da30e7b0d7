// Pipeline::run_statement: a reviewer's corrected SQL (issue 16, part 3) goes through the same
// guardrail and executor as a generated statement, with the asker's role and stores, so a
// correction can never read what the asker could not. Planning, risk holds, narration and
// conversation memory do not apply: the statement is a person's, and only its rows are wanted.
#include <chrono>
#include <cmath>

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

}  // namespace

RunResult Pipeline::run_statement(const StatementRequest& request) {
  const auto start = deps_.clock.steady_now();
  const Role role = request.user.role;
  audit::AuditRecord record;
  record.request_id = request.request_id;
  record.org_id = request.user.org_id;
  if (request.user_id > 0) record.user_id = request.user_id;
  record.username = request.user.username;
  record.role = std::string(role_name(role));
  record.store_ids = request.user.store_ids;
  record.question = request.purpose;
  record.path = "review_check";
  const auto finish = [&](RunResult result, const std::string& status) {
    record.status = status;
    record.http_status = result.http_status;
    record.total_ms = ms_between(start, deps_.clock.steady_now());
    deps_.audit.record(std::move(record));
    return result;
  };

  auto t = deps_.clock.steady_now();
  const ValidationResult verdict = deps_.validation.validate(request.sql, role);
  record.events.push_back({"validation",
                           verdict.accepted ? "ok" : "refused",
                           ms_between(t, deps_.clock.steady_now()),
                           {{"verdict", verdict.accepted ? "accept" : "reject"},
                            {"reason_code", verdict.reason_code},
                            {"reason", verdict.reason},
                            {"fingerprint", verdict.fingerprint},
                            {"sql", verdict.accepted ? verdict.sql : request.sql}}});
  if (!verdict.accepted) {
    record.final_sql = request.sql;
    record.error_stage = "validation";
    record.error_code = "guardrail_rejected";
    record.error_message = verdict.reason_code + ": " + verdict.reason;
    record.events.push_back({"completed", "refused", 0, {{"reason_code", verdict.reason_code}}});
    RunResult result;
    result.body = {{"request_id", request.request_id},
                   {"accepted", false},
                   {"reason_code", verdict.reason_code},
                   {"reason", verdict.reason},
                   {"sql", request.sql}};
    return finish(std::move(result), "refused");
  }
  record.final_sql = verdict.sql;

  t = deps_.clock.steady_now();
  execution::ExecResult executed;
  try {
    executed =
        deps_.executor.execute({verdict.sql, role, request.user.store_ids, verdict.fingerprint});
  } catch (const common::Error& e) {
    record.events.push_back({"db_execution",
                             "failed",
                             ms_between(t, deps_.clock.steady_now()),
                             {{"error_code", e.code()}, {"message", e.what()}}});
    record.events.push_back({"failed", "failed", 0, json::object()});
    record.error_stage = "db_execution";
    record.error_code = e.code();
    record.error_message = e.what();
    RunResult result;
    result.http_status = e.http_status();
    result.body = common::error_body(e, request.request_id);
    return finish(std::move(result), "failed");
  }
  const ResultSet& rows = executed.result;
  record.row_count = static_cast<int>(rows.rows.size());
  record.events.push_back({"db_execution",
                           "ok",
                           ms_between(t, deps_.clock.steady_now()),
                           {{"row_count", rows.rows.size()}, {"cache_hit", executed.cache_hit}}});
  record.events.push_back({"completed", "ok", 0, json::object()});

  json columns = json::array();
  for (const auto& c : rows.columns) columns.push_back({{"name", c.name}, {"type", c.type}});
  json shown = json::array();
  for (size_t i = 0; i < rows.rows.size() && i < request.max_rows; ++i)
    shown.push_back(rows.rows[i]);
  RunResult result;
  result.body = {{"request_id", request.request_id},
                 {"accepted", true},
                 {"reason_code", ""},
                 {"reason", verdict.reason},
                 {"sql", verdict.sql},
                 {"columns", columns},
                 {"rows", shown},
                 {"row_count", rows.rows.size()},
                 {"truncated", rows.truncated || rows.rows.size() > request.max_rows}};
  return finish(std::move(result), "ok");
}

}  // namespace copilot::workflow
