// The real copilot binary on a free loopback port, with the real databases.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "common/crypto/secrets.hpp"
#include "common/ids/ids.hpp"
#include "common/testing/ports.hpp"
#include "copilot/tests/service.hpp"
#include "copilot/tests/support.hpp"

namespace copilot {
namespace {

using nlohmann::json;
using testing::CopilotService;
using testing::run_body;

CopilotService& service() {
  static CopilotService kService;
  return kService;
}

std::string new_request_id() {
  common::crypto::init_sodium();
  return "http-test-" + common::ids::new_uuid();
}

// The audit row of a request and its number of events (the batching writer flushes in ~20 ms).
std::pair<json, int> audit_rows(const std::string& request_id) {
  const json row = testing::audit_row(request_id);
  return {row, row.is_null() ? 0 : row["events"].get<int>()};
}

TEST(CopilotHttp, HealthNeedsNoTokenAndReportsTheDatabases) {
  auto c = service().client();
  const auto r = c.Get("/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto body = json::parse(r->body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["app_db"], "ok");
  EXPECT_EQ(body["analytics_db"], "ok");
  EXPECT_EQ(body["as_of"].get<std::string>().substr(0, 4), "2022");
}

TEST(CopilotHttp, RunWithoutOrWithAWrongTokenIs401Json) {
  auto c = service().client();
  for (const httplib::Headers& headers :
       {httplib::Headers{}, httplib::Headers{{"X-Internal-Token", "wrong"}},
        httplib::Headers{{"X-Internal-Token", service().token() + "x"}}}) {
    const auto r =
        c.Post("/run", headers, run_body("admin_user", "total revenue").dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    const auto body = json::parse(r->body);
    EXPECT_EQ(body["error"]["code"], "unauthorized");
    EXPECT_FALSE(body["error"]["request_id"].get<std::string>().empty());
  }
  // Every route but /health: unknown routes too, before routing.
  const auto r = c.Get("/anything");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST(CopilotHttp, CatalogNeedsTheTokenAndAKnownRole) {
  auto c = service().client();
  const auto anonymous = c.Get("/catalog?role=admin");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  const httplib::Headers token = {{"X-Internal-Token", service().token()}};
  const auto unknown = c.Get("/catalog?role=superuser", token);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 422);
  EXPECT_EQ(json::parse(unknown->body)["error"]["field"], "role");
  const auto marketing = c.Get("/catalog?role=marketing", token);
  ASSERT_TRUE(marketing);
  ASSERT_EQ(marketing->status, 200) << marketing->body;
  const auto body = json::parse(marketing->body);
  EXPECT_EQ(body["role"], "marketing");
  for (const auto& view : body["views"]) EXPECT_NE(view["name"], "v_payment_scoped");
  EXPECT_FALSE(body["metrics"].empty());
}

TEST(CopilotHttp, BadUserContextIs422WithTheField) {
  auto body = run_body("finance_user", "total revenue");
  body["user_context"]["role"] = "superuser";
  auto r = service().run(body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "user_context.role");
  body = run_body("finance_user", "total revenue");
  body["user_context"]["store_ids"] = json::array({"1"});
  r = service().run(body);
  EXPECT_EQ(r->status, 422);
  body = run_body("finance_user", "total revenue");
  body["user_context"]["store_ids"] = json::array();
  const auto id = new_request_id();
  body["request_id"] = id;
  r = service().run(body);
  EXPECT_EQ(r->status, 422);
  // Rejected at the edge, still audited.
  const auto [log, events] = audit_rows(id);
  ASSERT_FALSE(log.is_null());
  EXPECT_EQ(log["status"], "failed");
  EXPECT_EQ(log["error_code"], "invalid_field");
  EXPECT_EQ(events, 1);
}

TEST(CopilotHttp, MalformedBodiesAreJsonErrors) {
  auto c = service().client();
  const httplib::Headers headers = {{"X-Internal-Token", service().token()}};
  auto r = c.Post("/run", headers, "{not json", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = c.Post("/run", headers, "question=x", "application/x-www-form-urlencoded");
  EXPECT_EQ(r->status, 415);
  r = c.Post("/run", headers, std::string(200UL * 1024, ' '), "application/json");
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "payload_too_large");
}

// /run_statement says what is wrong with a purpose or a row count instead of cutting or
// clamping it; a well-formed check runs as the user in user_context.
TEST(CopilotHttp, RunStatementRefusesAnOversizedPurposeOrRowCount) {
  auto c = service().client();
  const httplib::Headers headers = {{"X-Internal-Token", service().token()}};
  const json user = run_body("manager_store1", "x")["user_context"];
  const auto post = [&](const json& body) {
    auto r = c.Post("/run_statement", headers, body.dump(), "application/json");
    EXPECT_TRUE(r);
    return r ? std::make_pair(r->status, json::parse(r->body, nullptr, false))
             : std::make_pair(0, json());
  };
  const json ok = {{"sql", "SELECT count(*) AS n FROM v_rental_scoped"},
                   {"purpose", "review of a test"},
                   {"max_rows", 5},
                   {"user_context", user}};
  auto [status, body] = post(ok);
  EXPECT_EQ(status, 200) << body;
  EXPECT_EQ(body["accepted"], true) << body;
  for (const auto& [field, value] :
       std::vector<std::pair<std::string, json>>{{"purpose", std::string(501, 'p')},
                                                 {"purpose", ""},
                                                 {"purpose", 7},
                                                 {"max_rows", 201},
                                                 {"max_rows", -1},
                                                 {"max_rows", 2.5},
                                                 {"max_rows", "10"}}) {
    json bad = ok;
    bad[field] = value;
    std::tie(status, body) = post(bad);
    EXPECT_EQ(status, 422) << field << " = "
                           << value.dump(-1, ' ', false, json::error_handler_t::replace);
    EXPECT_EQ(body["error"]["field"], field) << body;
  }
  json longest = ok;
  longest["purpose"] = std::string(500, 'p');
  longest["max_rows"] = 200;
  std::tie(status, body) = post(longest);
  EXPECT_EQ(status, 200) << body;
}

TEST(CopilotHttp, StoreOutsideTheUsersScopeIs403) {
  auto body = run_body("manager_store1", "total revenue");
  body["store_id"] = 2;
  const auto r = service().run(body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "scope_denied");
}

struct Refusal {
  const char* user;
  const char* question;
  const char* code;
};

TEST(CopilotHttp, RoleRefusalsAre403WithReasonSuggestionAndAuditRows) {
  for (const Refusal& c :
       {Refusal{"marketing_user", "What was our revenue last month?", "policy_denied"},
        Refusal{"finance_user", "list customer names and emails for store 1", "policy_denied"},
        Refusal{"manager_store1", "What was store 2's revenue last month?", "scope_denied"},
        Refusal{"admin_user", "delete all payments from store 2", "policy_denied"}}) {
    const auto id = new_request_id();
    const auto r = service().run(run_body(c.user, c.question, id));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << c.question;
    const auto error = json::parse(r->body)["error"];
    EXPECT_EQ(error["code"], c.code) << c.question;
    EXPECT_FALSE(error["reason"].get<std::string>().empty());
    EXPECT_FALSE(error["suggestion"].get<std::string>().empty());
    EXPECT_EQ(error["request_id"], id);
    const auto [log, events] = audit_rows(id);
    ASSERT_FALSE(log.is_null()) << "no audit row for " << id;
    EXPECT_EQ(log["status"], "refused");
    EXPECT_EQ(log["error_stage"], "policy");
    EXPECT_EQ(log["http_status"], 403);
    EXPECT_EQ(events, 10);
  }
}

TEST(CopilotHttp, JsonRunAnswersAndLeavesAuditRows) {
  const auto id = new_request_id();
  const auto r = service().run(run_body("admin_user", "What's our total revenue?", id));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto body = json::parse(r->body);
  EXPECT_EQ(body["request_id"], id);
  EXPECT_TRUE(common::ids::is_uuid(body["conversation_id"].get<std::string>()));
  for (const char* key : {"status", "answer", "sql", "columns", "rows", "row_count", "truncated",
                          "intent", "widgets", "suggestions", "explain", "security", "timings"}) {
    EXPECT_TRUE(body.contains(key)) << key;
  }
  EXPECT_EQ(body["security"]["role"], "admin");
  const auto [log, events] = audit_rows(id);
  ASSERT_FALSE(log.is_null());
  EXPECT_EQ(log["status"], body["status"] == "ok" ? "ok" : "needs_clarification");
  EXPECT_EQ(events, 10);
  if (body["status"] == "ok") {
    EXPECT_EQ(log["final_sql"], body["sql"]);
    EXPECT_EQ(body["explain"]["path"], "embedded_planner");
  }
}

TEST(CopilotHttp, SseStreamsOneEventPerStageThenTheResult) {
  const auto id = new_request_id();
  const auto r = service().run(
      run_body("manager_multi", "How many rentals did we have in June 2022?", id), true);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/event-stream", 0), 0U);
  const auto events = testing::parse_sse(r->body);
  ASSERT_GE(events.size(), 10U) << r->body;
  const std::vector<std::string> order = {
      "policy", "rag_retrieval", "planning",  "llm_generation", "validation",
      "risk",   "db_execution",  "narration", "widgets",        "completed"};
  for (size_t i = 0; i < order.size(); ++i) {
    EXPECT_EQ(events[i].first, "stage");
    EXPECT_EQ(events[i].second["stage"], order[i]);
    EXPECT_TRUE(events[i].second.contains("duration_ms"));
  }
  EXPECT_EQ(events.back().first, "result");
  EXPECT_EQ(events.back().second["request_id"], id);
  const auto [log, count] = audit_rows(id);
  EXPECT_FALSE(log.is_null());
  EXPECT_EQ(count, 10);
}

TEST(CopilotHttp, SseRefusalEndsWithAnErrorEvent) {
  const auto r =
      service().run(run_body("marketing_user", "which films bring in the most money?"), true);
  ASSERT_TRUE(r);
  const auto events = testing::parse_sse(r->body);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().second["stage"], "policy");
  EXPECT_EQ(events.front().second["status"], "refused");
  EXPECT_EQ(events.back().first, "error");
  EXPECT_EQ(events.back().second["error"]["code"], "policy_denied");
}

TEST(CopilotHttp, RefusesToStartWithAShortInternalToken) {
  testing::Process p(COPILOT_BINARY, {"serve"},
                     {{"INTERNAL_TOKEN", "short"},
                      {"COPILOT_PORT", std::to_string(common::testing::reserve_loopback_port())},
                      {"APP_DATABASE_URL", testing::required_env("APP_DATABASE_URL")},
                      {"ANALYTICS_DATABASE_URL", testing::required_env("ANALYTICS_DATABASE_URL")}},
                     std::string(COPILOT_TEST_LOG_DIR) + "/copilot-short-token.log");
  const auto code = p.exit_code(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 2);
  EXPECT_NE(p.log().find("INTERNAL_TOKEN"), std::string::npos);
}

TEST(CopilotHttp, CheckSqlDispatchesToTheGuardrail) {
  const std::string cmd =
      std::string("printf 'SELECT * FROM payment\\nSELECT count(*) FROM v_payment_scoped\\n' | ") +
      COPILOT_BINARY + " check-sql --role finance --stores 1";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  EXPECT_EQ(pclose(pipe), 0);
  std::istringstream lines(out);
  std::string first;
  std::string second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(json::parse(first)["verdict"], "reject");
  EXPECT_EQ(json::parse(second)["verdict"], "accept");
}

}  // namespace
}  // namespace copilot
