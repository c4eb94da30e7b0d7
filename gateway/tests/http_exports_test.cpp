// Exports and saved questions over HTTP (issue 16, parts 1–2) on the real gateway and copilot:
// GET /api/answers/{request_id}/export (owner only; re-run under the owner's CURRENT role and
// scope), and the saved-questions board (per user and organisation; runs as the viewer).
#include <gtest/gtest.h>

#include <thread>

#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;

void expect_error(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  const auto body = r.json();
  ASSERT_TRUE(body.is_object() && body.contains("error")) << r.body;
  EXPECT_EQ(body["error"].value("code", ""), code) << r.body;
  EXPECT_EQ(body["error"].value("request_id", ""), r.header("X-Request-Id"));
}

Reply call(Stack& stack, const std::string& method, const std::string& path,
           const std::string& token) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return stack.request(method, path, headers);
}

std::string answer_id(Stack& stack, const std::string& token, const std::string& question) {
  const auto r = stack.post_json("/api/ask", {{"question", question}}, token);
  EXPECT_EQ(r.status, 200) << question << ": " << r.body;
  const auto body = r.json();
  EXPECT_EQ(body.value("status", ""), "ok") << r.body;
  return body.value("request_id", "");
}

class GatewayExports : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new Stack();  // NOLINT(cppcoreguidelines-owning-memory)
    finance_ = stack_->login("finance_user", "finance123");
    revenue_by_month_ = answer_id(*stack_, finance_, "Revenue by month");
  }
  static void TearDownTestSuite() {
    delete stack_;  // NOLINT(cppcoreguidelines-owning-memory)
    stack_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(stack().real_copilot()) << "needs the real copilot binary (build target copilot)";
    ASSERT_FALSE(revenue_by_month_.empty());
  }
  static Stack& stack() { return *stack_; }
  static std::string export_path(const std::string& id, const std::string& format) {
    return "/api/answers/" + id + "/export?format=" + format;
  }
  static std::string finance_, revenue_by_month_;

 private:
  static Stack* stack_;
};
Stack* GatewayExports::stack_ = nullptr;
std::string GatewayExports::finance_;
std::string GatewayExports::revenue_by_month_;

TEST_F(GatewayExports, ExportNeedsAToken) {
  expect_error(stack().get(export_path(revenue_by_month_, "csv")), 401, "unauthorized");
}

TEST_F(GatewayExports, AnotherUsersAnswerIsNotFound) {
  const auto manager = stack().login("manager_store1", "manager123");
  expect_error(stack().get(export_path(revenue_by_month_, "csv"), manager), 404, "not_found");
  expect_error(stack().get(export_path(revenue_by_month_, "xlsx"), manager), 404, "not_found");
  // An admin of the same organisation is not the owner either.
  const auto admin = stack().login("admin_user", "admin123");
  expect_error(stack().get(export_path(revenue_by_month_, "csv"), admin), 404, "not_found");
}

TEST_F(GatewayExports, AnotherOrganisationsAnswerIsNotFound) {
  const auto northwind = stack().login("admin_org2", "admin2123");
  expect_error(stack().get(export_path(revenue_by_month_, "csv"), northwind), 404, "not_found");
}

TEST_F(GatewayExports, UnknownAnswerIsNotFound) {
  expect_error(stack().get(export_path("no-such-request", "csv"), finance_), 404, "not_found");
  expect_error(stack().get(export_path("%27%3B--", "csv"), finance_), 404, "not_found");
}

TEST_F(GatewayExports, UnknownFormatIsBadRequest) {
  expect_error(stack().get(export_path(revenue_by_month_, "pdf"), finance_), 400, "bad_request");
  expect_error(stack().get("/api/answers/" + revenue_by_month_ + "/export", finance_), 400,
               "bad_request");
  // The format is checked before anything is looked up: the same answer for anyone.
  expect_error(stack().get(export_path("no-such-request", "html"), finance_), 400, "bad_request");
}

TEST_F(GatewayExports, CsvHoldsTheAnswersRows) {
  const auto asked = stack().post_json("/api/ask", {{"question", "Revenue by month"}}, finance_);
  ASSERT_EQ(asked.status, 200) << asked.body;
  const auto answer = asked.json();
  const auto r = stack().get(export_path(answer["request_id"], "csv"), finance_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("Content-Type").find("text/csv"), std::string::npos);
  const auto disposition = r.header("Content-Disposition");
  EXPECT_EQ(disposition.rfind("attachment; filename=\"answer-revenue-by-month-", 0), 0U)
      << disposition;
  EXPECT_NE(disposition.find(".csv\""), std::string::npos) << disposition;
  ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF", 0), 0U) << "UTF-8 byte order mark first";
  size_t lines = 0;
  for (size_t at = r.body.find("\r\n"); at != std::string::npos; at = r.body.find("\r\n", at + 2)) {
    ++lines;
  }
  EXPECT_EQ(lines, answer["rows"].size() + 1) << r.body;
  // The first data row's measure, as a plain number.
  const auto& first = answer["rows"][0];
  EXPECT_NE(r.body.find(first.back().dump()), std::string::npos) << r.body;
  // The re-run is audited by the copilot under the export's request id.
  const auto audited = wait_for_scalar(
      "SELECT question FROM query_audit_logs WHERE request_id = '" + r.header("X-Request-Id") + "'",
      std::chrono::seconds(5));
  EXPECT_NE(audited.find("export (csv): re-run of answer"), std::string::npos) << audited;
}

TEST_F(GatewayExports, XlsxIsAWorkbook) {
  const auto r = stack().get(export_path(revenue_by_month_, "xlsx"), finance_);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.header("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(r.header("Content-Disposition").find(".xlsx\""), std::string::npos);
  ASSERT_GT(r.body.size(), 1000U);
  EXPECT_EQ(r.body.substr(0, 2), "PK");  // a zip (the cells are checked by exceljs in e2e/)
}

TEST_F(GatewayExports, JsonCarriesColumnFormats) {
  const auto r = stack().get(export_path(revenue_by_month_, "json"), finance_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  ASSERT_TRUE(body["columns"].is_array()) << r.body;
  bool money = false;
  for (const auto& c : body["columns"]) money = money || c.value("format", "") == "currency";
  EXPECT_TRUE(money) << "revenue is money: " << body["columns"].dump();
  EXPECT_EQ(body["security"]["store_ids"], json::array({1}));
}

TEST_F(GatewayExports, ExportShowsOnlyWhatTheOwnerMaySeeNow) {
  const TempUser user("store_manager", {1, 2});
  const auto token = stack().login(user.username, user.password);
  const auto asked = stack().post_json("/api/ask", {{"question", "Revenue by store"}}, token);
  ASSERT_EQ(asked.status, 200) << asked.body;
  const auto answer = asked.json();
  ASSERT_EQ(answer["rows"].size(), 2U) << asked.body;
  const auto before = stack().get(export_path(answer["request_id"], "json"), token);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json()["rows"].size(), 2U) << before.body;
  // Store 2 is taken away: the same export now holds store 1's row only.
  scalar("DELETE FROM app_user_store_access WHERE user_id = " + std::to_string(user.user_id) +
         " AND store_id = 2 RETURNING 1");
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));  // the gateway's user cache
  const auto after = stack().get(export_path(answer["request_id"], "json"), token);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json()["rows"].size(), 1U) << after.body;
  EXPECT_EQ(after.json()["security"]["store_ids"], json::array({1}));
}

TEST_F(GatewayExports, SavedQuestionsAreTheOwnersAndRunAsTheViewer) {
  const auto added = stack().post_json(
      "/api/saved", {{"request_id", revenue_by_month_}, {"title", "Monthly"}}, finance_);
  ASSERT_EQ(added.status, 201) << added.body;
  const auto item = added.json();
  EXPECT_EQ(item.value("question", ""), "Revenue by month");
  EXPECT_TRUE(item["last_run_at"].is_null());
  const std::string id = std::to_string(item["saved_id"].get<long long>());

  const auto listed = stack().get("/api/saved", finance_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_NE(listed.body.find("\"Monthly\""), std::string::npos);

  // Someone else's item is not there, in the same organisation or another.
  const auto manager = stack().login("manager_store1", "manager123");
  const auto northwind = stack().login("admin_org2", "admin2123");
  for (const auto& other : {manager, northwind}) {
    expect_error(call(stack(), "POST", "/api/saved/" + id + "/run", other), 404, "not_found");
    expect_error(call(stack(), "DELETE", "/api/saved/" + id, other), 404, "not_found");
    EXPECT_EQ(stack().get("/api/saved", other).body.find("\"Monthly\""), std::string::npos);
  }
  // Nor can anyone pin another user's answer.
  expect_error(stack().post_json("/api/saved", {{"request_id", revenue_by_month_}}, manager), 404,
               "not_found");

  const auto run = call(stack(), "POST", "/api/saved/" + id + "/run", finance_);
  ASSERT_EQ(run.status, 200) << run.body;
  const auto ran = run.json();
  EXPECT_EQ(ran["result"].value("status", ""), "ok") << run.body;
  EXPECT_EQ(ran["result"]["security"]["role"], "finance");
  EXPECT_EQ(ran["result"]["security"]["store_ids"], json::array({1}));
  EXPECT_EQ(ran["saved"].value("last_status", ""), "ok");
  EXPECT_FALSE(ran["saved"]["last_run_at"].is_null());
  EXPECT_EQ(ran["saved"].value("last_request_id", ""), run.header("X-Request-Id"));

  const auto deleted = call(stack(), "DELETE", "/api/saved/" + id, finance_);
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  expect_error(call(stack(), "DELETE", "/api/saved/" + id, finance_), 404, "not_found");
}

TEST_F(GatewayExports, SavedQuestionsRefuseBadInput) {
  expect_error(stack().post_json("/api/saved", {{"title", "x"}}, finance_), 422, "invalid_field");
  expect_error(stack().post_json("/api/saved", {{"question", "   "}}, finance_), 422,
               "invalid_field");
  expect_error(
      stack().post_json("/api/saved", {{"question", "Revenue"}, {"title", std::string(201, 'a')}},
                        finance_),
      422, "invalid_field");
  expect_error(call(stack(), "POST", "/api/saved/abc/run", finance_), 404, "not_found");
  expect_error(call(stack(), "DELETE", "/api/saved/0", finance_), 404, "not_found");
  expect_error(stack().get("/api/saved"), 401, "unauthorized");
}

}  // namespace
}  // namespace gateway::testing
