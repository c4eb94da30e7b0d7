// The real copilot binary with a model configured: the model endpoint is the local fake OpenAI
// server (tests never reach the internet), the databases are the real ones.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <iomanip>
#include <iostream>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "common/crypto/secrets.hpp"
#include "common/db/org_transaction.hpp"
#include "common/ids/ids.hpp"
#include "copilot/generation/tests/fake_openai_server.hpp"
#include "copilot/tests/service.hpp"
#include "copilot/tests/support.hpp"

namespace copilot {
namespace {

using generation::testing::FakeOpenAiServer;
using generation::testing::Reply;
using nlohmann::json;
using testing::CopilotService;
using ::testing::HasSubstr;
using testing::run_body;

// The copilot with a primary and a fallback model on the fake server; quick retries.
std::map<std::string, std::string> model_env(const FakeOpenAiServer& server) {
  return testing::model_env(server.base_url());
}

std::string new_request_id() {
  common::crypto::init_sodium();
  return "model-http-test-" + common::ids::new_uuid();
}

// The llm_generation audit event of a request (the batching writer flushes within ~20 ms).
json generation_event(const std::string& request_id, common::db::OrgId org = 1) {
  pqxx::connection connection(testing::required_env("APP_DATABASE_URL"));
  for (int i = 0; i < 100; ++i) {
    common::db::OrgTransaction tx(connection, org);  // 1: the seed users' organisation
    const auto rows = tx.exec_params(
        "SELECT details::text FROM query_audit_events WHERE request_id = $1 AND "
        "stage = 'llm_generation'",
        request_id);
    if (!rows.empty()) return json::parse(rows[0][0].as<std::string>());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return nullptr;
}

json ask(const CopilotService& service, const std::string& user, const std::string& question,
         const std::string& request_id) {
  const auto r = service.run(run_body(user, question, request_id));
  if (!r) return {{"transport_error", httplib::to_string(r.error())}};
  auto body = json::parse(r->body, nullptr, false);
  body["http_status"] = r->status;
  return body;
}

TEST(CopilotModelHttp, TheConfiguredModelAnswersAndAuditRecordsItsCalls) {
  FakeOpenAiServer server;
  server.script("primary", {Reply::ok(R"({"metric":"revenue","dimensions":["month"]})")});
  CopilotService service(model_env(server));
  const std::string id = new_request_id();
  const auto body = ask(service, "admin_user", "revenue by month", id);

  ASSERT_EQ(body["http_status"], 200) << body.dump() << service.log();
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["explain"]["path"], "model:primary");
  EXPECT_EQ(body["explain"]["semantic_query"]["metric"], "revenue");
  EXPECT_THAT(body["sql"].get<std::string>(), HasSubstr("v_payment_scoped"));
  EXPECT_GT(body["row_count"].get<int>(), 0);

  // What the model was sent: the question, the role's relations, the retrieved documents.
  const auto requests = server.requests_for("primary");
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(server.authorization_headers().at(0), "Bearer test-key");
  const std::string system = requests[0]["messages"][0]["content"];
  EXPECT_THAT(system, HasSubstr("- v_payment_scoped: payment_id"));
  EXPECT_THAT(requests[0]["messages"][1]["content"].get<std::string>(),
              HasSubstr("revenue by month"));

  const auto event = generation_event(id);
  ASSERT_TRUE(event.is_object());
  EXPECT_EQ(event["path"], "model:primary");
  EXPECT_EQ(event["mode"], "structured");
  ASSERT_EQ(event["attempts"].size(), 1U);
  EXPECT_EQ(event["attempts"][0]["outcome"], "ok");
  EXPECT_EQ(event["usage"]["total_tokens"], 150);
  EXPECT_THAT(event["prompt_pack_version"].get<std::string>(), ::testing::StartsWith("v1@"));
}

TEST(CopilotModelHttp, AnOrganisationsPromptOverrideIsUsedForItsUsers) {
  // Organisation 2 (slug northwind) has prompts/v1/orgs/northwind/system.md; organisation 1 has
  // no folder and keeps the pack's own (the test above).
  FakeOpenAiServer server;
  server.script("primary", {Reply::ok(R"({"metric":"revenue","dimensions":["month"]})")});
  CopilotService service(model_env(server));
  const std::string id = new_request_id();
  json body = testing::run_body("admin_user", "revenue by month", id);
  body["user_context"]["username"] = "admin_org2";
  body["user_context"]["user_id"] = testing::user_id("admin_org2");
  body["user_context"]["org_id"] = 2;
  const auto r = service.run(body);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body << service.log();

  const auto requests = server.requests_for("primary");
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_THAT(requests[0]["messages"][0]["content"].get<std::string>(),
              HasSubstr("Northwind's DVD-rental stores"));
  const auto event = generation_event(id, 2);
  ASSERT_TRUE(event.is_object());
  EXPECT_THAT(event["prompt_pack_version"].get<std::string>(),
              ::testing::StartsWith("v1/northwind@"));
}

// A user of the seed organisation made for one test (their preferences are theirs alone: the seed
// users' answers in the tests running beside this one stay on Monday weeks).
struct OwnAdmin {
  OwnAdmin() {
    pqxx::connection connection(testing::required_env("APP_DATABASE_URL"));
    common::db::OrgTransaction tx(connection, 1);
    username = "model_test_" + common::ids::new_uuid().substr(0, 8);
    id = tx.exec_params1(
               "INSERT INTO app_users (username, password_hash, role, is_all_stores) "
               "VALUES ($1, '$argon2id$v=19$m=65536,t=2,p=1$unused$unused', 'admin', true) "
               "RETURNING user_id",
               username)[0]
             .as<long long>();
    tx.commit();
  }
  ~OwnAdmin() {
    try {
      pqxx::connection connection(testing::required_env("APP_DATABASE_URL"));
      common::db::OrgTransaction tx(connection, 1);
      tx.exec_params("DELETE FROM app_users WHERE user_id = $1", id);
      tx.commit();
    } catch (const std::exception& e) {
      std::cerr << "could not delete test user " << username << ": " << e.what() << '\n';
    }
  }
  OwnAdmin(const OwnAdmin&) = delete;
  OwnAdmin& operator=(const OwnAdmin&) = delete;
  [[nodiscard]] json body(const std::string& question) const {
    json out = testing::run_body("admin_user", question, new_request_id());
    out["user_context"]["username"] = username;
    out["user_context"]["user_id"] = id;
    return out;
  }
  std::string username;
  long long id = 0;
};

TEST(CopilotModelHttp, AModelsWeeksStartOnTheUsersSunday) {
  const OwnAdmin user;
  FakeOpenAiServer server;
  server.script("primary", {Reply::ok(R"({"metric":"rentals","dimensions":["week"]})"),
                            Reply::ok(R"({"metric":"rentals","dimensions":["week"]})")});
  CopilotService service(model_env(server));
  const auto stated = service.run(user.body("My weeks start on Sunday"));
  ASSERT_TRUE(stated) << httplib::to_string(stated.error());
  ASSERT_EQ(stated->status, 200) << stated->body << service.log();

  // "weekly rhythm" is not a phrase the embedded planner knows: only the model's query is weekly.
  const auto r = service.run(user.body("the weekly rhythm of rentals in July 2022"));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body << service.log();
  const auto body = json::parse(r->body);
  ASSERT_EQ(body["status"], "ok") << body.dump();
  EXPECT_EQ(body["explain"]["path"], "model:primary");
  EXPECT_THAT(body["sql"].get<std::string>(), HasSubstr("interval '1 day'"));
  EXPECT_EQ(body["explain"]["semantic_query"]["week_start"], "sunday");
  ASSERT_FALSE(body["explain"]["preferences_used"].empty()) << body["explain"].dump();
  EXPECT_EQ(body["explain"]["preferences_used"][0]["key"], "week_start");
  // Every week it answers starts on a Sunday (2022-07-03, 2022-07-10, ...).
  ASSERT_GT(body["rows"].size(), 3U);
  for (const auto& row : body["rows"]) {
    const std::string week = row[0].get<std::string>().substr(0, 10);
    std::tm day{};
    std::istringstream(week) >> std::get_time(&day, "%Y-%m-%d");
    day.tm_hour = 12;
    (void)timegm(&day);  // fills tm_wday
    EXPECT_EQ(day.tm_wday, 0) << week;
  }
  // The model was told too (for SQL it writes itself).
  const auto requests = server.requests_for("primary");
  ASSERT_FALSE(requests.empty());
  EXPECT_THAT(requests.back()["messages"][0]["content"].get<std::string>(),
              HasSubstr("weeks start on Sunday (this user's preference"));
}

TEST(CopilotModelHttp, PaymentRequiredOnThePrimaryFallsBackToTheSecondModel) {
  FakeOpenAiServer server;
  server.script("primary", {Reply::http(402)});
  server.script("fallback", {Reply::ok(R"({"metric":"rentals","dimensions":["category"]})")});
  CopilotService service(model_env(server));
  const std::string id = new_request_id();
  const auto body = ask(service, "marketing_user", "rentals by category", id);

  ASSERT_EQ(body["http_status"], 200) << body.dump() << service.log();
  EXPECT_EQ(body["explain"]["path"], "model:fallback");
  const auto event = generation_event(id);
  ASSERT_TRUE(event.is_object());
  EXPECT_EQ(event["attempts"][0]["outcome"], "http_402");
  EXPECT_EQ(event["attempts"][1]["model"], "fallback");
}

TEST(CopilotModelHttp, EveryModelFailingFallsBackToTheEmbeddedPlanner) {
  FakeOpenAiServer server;
  server.set_fallback(Reply::http(503));
  CopilotService service(model_env(server));
  const std::string id = new_request_id();
  const auto body = ask(service, "admin_user", "revenue by month", id);

  ASSERT_EQ(body["http_status"], 200) << body.dump() << service.log();
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["explain"]["path"], "embedded_planner");
  EXPECT_GT(body["row_count"].get<int>(), 0);
  EXPECT_EQ(server.requests().size(), 4U);  // two attempts per model

  const auto event = generation_event(id);
  ASSERT_TRUE(event.is_object());
  EXPECT_EQ(event["path"], "embedded_planner");
  EXPECT_EQ(event["fallback_reason"], "all_models_failed");
  EXPECT_EQ(event["attempts"].size(), 4U);
}

TEST(CopilotModelHttp, ModelSqlOnAForbiddenTableIsRefusedAndNeverRun) {
  FakeOpenAiServer server;
  // Structured output unusable, then raw SQL on the base table (twice, repair included), on both
  // models: the guardrail refuses each, and the embedded planner answers.
  server.set_fallback(Reply::ok("SELECT first_name, email FROM customer"));
  auto env = model_env(server);
  env["LLM_STRUCTURED_OUTPUT"] = "false";
  CopilotService service(env);
  const std::string id = new_request_id();
  const auto body = ask(service, "admin_user", "revenue by month", id);

  ASSERT_EQ(body["http_status"], 200) << body.dump() << service.log();
  EXPECT_EQ(body["explain"]["path"], "embedded_planner");
  EXPECT_THAT(body["sql"].get<std::string>(), ::testing::Not(HasSubstr("customer")));
  const auto event = generation_event(id);
  ASSERT_TRUE(event.is_object());
  ASSERT_EQ(event["attempts"].size(), 4U);  // sql + repair on each model
  for (const auto& attempt : event["attempts"]) {
    EXPECT_EQ(attempt["outcome"], "guardrail_rejected") << attempt.dump();
  }
}

TEST(CopilotModelHttp, HallucinatedColumnIsRepairedWithThePostgresErrorFedBack) {
  FakeOpenAiServer server;
  server.script("primary", {Reply::ok("SELECT sum(revenue_total) FROM v_payment_scoped"),
                            Reply::ok("SELECT sum(amount) AS revenue FROM v_payment_scoped")});
  auto env = model_env(server);
  env["LLM_STRUCTURED_OUTPUT"] = "false";
  CopilotService service(env);
  const std::string id = new_request_id();
  const auto body = ask(service, "finance_user", "total revenue", id);

  ASSERT_EQ(body["http_status"], 200) << body.dump() << service.log();
  EXPECT_EQ(body["explain"]["path"], "model:primary");
  EXPECT_THAT(body["sql"].get<std::string>(), HasSubstr("sum(amount)"));
  EXPECT_EQ(body["row_count"], 1);
  // The repair request carried PostgreSQL's own error (EXPLAIN as the role's reader).
  const auto requests = server.requests_for("primary");
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_THAT(requests[1]["messages"].back()["content"].get<std::string>(),
              HasSubstr("column \"revenue_total\" does not exist"));
  const auto event = generation_event(id);
  ASSERT_TRUE(event.is_object());
  EXPECT_EQ(event["mode"], "repair");
  EXPECT_EQ(event["attempts"][0]["outcome"], "db_error");
  EXPECT_EQ(event["attempts"][1]["outcome"], "ok");
}

}  // namespace
}  // namespace copilot
