// Organisation memory over HTTP (issue 15, part 2): admins add, change and delete their
// organisation's glossary and rules; every change is a version, audited with before and after;
// another organisation never sees them; the copilot cites them and enforces "never show staff
// names". Entries are deleted (a new version) before each test ends.
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

Reply send(Stack& stack, const std::string& method, const std::string& path,
           const std::string& token, const std::string& body = "",
           const std::string& content_type = "application/json") {
  httplib::Headers headers;
  if (!body.empty()) headers.emplace("Content-Type", content_type);
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return stack.request(method, path, headers, body);
}

class GatewayOrgMemory : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new Stack(); }  // NOLINT(cppcoreguidelines-owning-memory)
  static void TearDownTestSuite() {
    delete stack_;  // NOLINT(cppcoreguidelines-owning-memory)
    stack_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(stack().real_copilot()) << "needs the real copilot binary (build target copilot)";
    admin_ = stack().login("admin_user", "admin123");
  }
  void TearDown() override {
    for (const auto id : added_) (void)send(stack(), "DELETE", path(id), admin_);
  }
  static std::string path(long long id) { return "/api/org/memory/" + std::to_string(id); }
  // A new entry (deleted when the test ends): the entry as the API answered it.
  json add_entry(const std::string& kind, const std::string& text) {
    const auto r = send(stack(), "POST", "/api/org/memory", admin_,
                        json{{"kind", kind}, {"text", text}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    auto entry = r.json();
    added_.push_back(entry.value("id", 0LL));
    return entry;
  }
  long long add(const std::string& kind, const std::string& text) {
    return add_entry(kind, text).value("id", 0LL);
  }
  static Stack& stack() { return *stack_; }
  std::string admin_;
  std::vector<long long> added_;

 private:
  static Stack* stack_;
};
Stack* GatewayOrgMemory::stack_ = nullptr;

TEST_F(GatewayOrgMemory, OnlyAdminsManageIt) {
  const auto manager = stack().login("manager_store1", "manager123");
  expect_error(send(stack(), "GET", "/api/org/memory", ""), 401, "unauthorized");
  expect_error(send(stack(), "GET", "/api/org/memory", manager), 403, "forbidden");
  const auto refused = send(stack(), "POST", "/api/org/memory", manager,
                            R"({"kind":"rule","text":"managers see everything"})");
  expect_error(refused, 403, "forbidden");
  expect_error(send(stack(), "PUT", "/api/org/memory/1", manager, R"({"kind":"rule","text":"x"})"),
               403, "forbidden");
  expect_error(send(stack(), "DELETE", "/api/org/memory/1", manager), 403, "forbidden");
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" +
                                refused.header("X-Request-Id") +
                                "' AND username = 'manager_store1' AND error_code = 'forbidden'",
                            std::chrono::seconds(5)),
            "1");
  const auto wrong = send(stack(), "PATCH", "/api/org/memory", admin_, "{}");
  EXPECT_EQ(wrong.status, 405) << wrong.body;
}

TEST_F(GatewayOrgMemory, BadEntriesAreRefusedNamingTheField) {
  const auto field_of = [](const Reply& r) { return r.json()["error"].value("field", ""); };
  auto r = send(stack(), "POST", "/api/org/memory", admin_, R"({"kind":"secret","text":"x"})");
  expect_error(r, 422, "invalid_field");
  EXPECT_EQ(field_of(r), "kind");
  r = send(stack(), "POST", "/api/org/memory", admin_, R"({"kind":"rule","text":"   "})");
  expect_error(r, 422, "invalid_field");
  EXPECT_EQ(field_of(r), "text");
  r = send(stack(), "POST", "/api/org/memory", admin_,
           json{{"kind", "rule"}, {"text", std::string(1001, 'a')}}.dump());
  expect_error(r, 422, "invalid_field");
  expect_error(send(stack(), "POST", "/api/org/memory", admin_, "kind=rule", "text/plain"), 415,
               "unsupported_media_type");
  expect_error(send(stack(), "POST", "/api/org/memory", admin_, "{oops"), 400, "bad_request");
  expect_error(
      send(stack(), "PUT", "/api/org/memory/999999", admin_, R"({"kind":"rule","text":"x"})"), 404,
      "not_found");
  expect_error(send(stack(), "DELETE", "/api/org/memory/abc", admin_), 404, "not_found");
  expect_error(send(stack(), "GET", "/api/org/memory/0", admin_), 404, "not_found");
}

TEST_F(GatewayOrgMemory, EveryChangeIsAVersionAuditedAndInvisibleToOtherOrganisations) {
  const auto id = add("glossary", "A premium film rents for 4.99");
  const auto changed =
      send(stack(), "PUT", path(id), admin_,
           R"({"kind":"glossary","text":"A premium film rents for 4.99 or more"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["version"], 2);
  const auto listed = send(stack(), "GET", "/api/org/memory", admin_).json()["entries"];
  bool found = false;
  for (const auto& e : listed) {
    if (e["id"] == id) {
      found = true;
      EXPECT_EQ(e["text"], "A premium film rents for 4.99 or more");
    }
  }
  EXPECT_TRUE(found) << listed;
  const auto history = send(stack(), "GET", path(id), admin_).json();
  ASSERT_EQ(history["versions"].size(), 2U) << history;
  EXPECT_EQ(history["versions"][0]["text"], "A premium film rents for 4.99");
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs l JOIN query_audit_events e "
                            "USING (request_id) WHERE l.request_id = '" +
                                changed.header("X-Request-Id") +
                                "' AND l.status = 'org_memory_saved' AND e.details::text LIKE "
                                "'%4.99 or more%' AND e.details::text LIKE '%\"before\"%'",
                            std::chrono::seconds(5)),
            "1");
  // Another organisation's admin sees none of it, and cannot change it.
  const auto other = stack().login("admin_org2", "admin2123");
  const json others_entries = send(stack(), "GET", "/api/org/memory", other).json();
  for (const auto& e : others_entries["entries"]) {
    EXPECT_NE(e["text"], "A premium film rents for 4.99 or more");
  }
  expect_error(send(stack(), "GET", path(id), other), 404, "not_found");
  const auto deleted = send(stack(), "DELETE", path(id), admin_);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(deleted.json()["deleted"], true);
  expect_error(send(stack(), "DELETE", path(id), admin_), 404, "not_found");
}

TEST_F(GatewayOrgMemory, TheCopilotCitesEntriesAndEnforcesRestrictions) {
  add("glossary", "A premium film rents for 4.99");
  const auto cited =
      stack().post_json("/api/ask", {{"question", "How many rentals of premium films?"}}, admin_);
  ASSERT_TRUE(cited.status == 200) << cited.body;
  bool in_explain = false;
  for (const auto& n : cited.json()["explain"].value("org_memory", json::array())) {
    in_explain = in_explain || n.value("text", "") == "A premium film rents for 4.99";
  }
  EXPECT_TRUE(in_explain) << cited.json()["explain"].dump();

  const std::string question = "Revenue by staff in June 2022";
  const auto before = stack().post_json("/api/ask", {{"question", question}}, admin_);
  ASSERT_EQ(before.status, 200) << before.body;
  add("rule", "Never show staff names");
  // The copilot re-reads the organisation's memory within 5 s.
  Reply after;
  for (int i = 0; i < 30; ++i) {
    after = stack().post_json("/api/ask", {{"question", question}}, admin_);
    if (after.status == 403) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  expect_error(after, 403, "policy_denied");
  EXPECT_NE(after.json()["error"].value("message", "").find("Never show staff names"),
            std::string::npos)
      << after.body;
  // Another organisation's rule never applies to this one, and deleting it lifts it.
  for (const auto id : added_) (void)send(stack(), "DELETE", path(id), admin_);
  added_.clear();
  Reply lifted;
  for (int i = 0; i < 30; ++i) {
    lifted = stack().post_json("/api/ask", {{"question", question}}, admin_);
    if (lifted.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_EQ(lifted.status, 200) << lifted.body;
}

// The status of an answer to `question` once the copilot has re-read the memory (within 5 s).
Reply ask_until(Stack& stack, const std::string& token, const std::string& question,
                const std::string& status) {
  Reply r;
  for (int i = 0; i < 30; ++i) {
    r = stack.post_json("/api/ask", {{"question", question}}, token);
    if (r.status == 200 && r.json().value("status", "") == status) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return r;
}

TEST_F(GatewayOrgMemory, ATermTheOrganisationDefinesIsPlannedAsItsMeaning) {
  // Entries a run that stopped half-way left behind would answer the first question.
  const auto listed = send(stack(), "GET", "/api/org/memory", admin_).json();
  for (const auto& entry : listed.value("entries", json::array())) {
    const auto text = entry.value("text", "");
    if (text == "A bargain film rents for 0.99." || text == "An overdue rental costs $1 a day" ||
        text == "Contact sheet means customer emails") {
      (void)send(stack(), "DELETE", path(entry.value("id", 0LL)), admin_);
    }
  }
  const std::string question = "How many bargain films are there?";
  const auto unknown = ask_until(stack(), admin_, question, "needs_clarification");
  ASSERT_EQ(unknown.json().value("status", ""), "needs_clarification") << unknown.body;

  const auto added = add_entry("glossary", "A bargain film rents for 0.99.");
  EXPECT_EQ(added["applied"]["definition"],
            json({{"term", "bargain film"}, {"meaning", "film that rents for 0.99"}}));

  const auto answered = ask_until(stack(), admin_, question, "ok");
  ASSERT_EQ(answered.json().value("status", ""), "ok") << answered.body;
  const auto body = answered.json();
  // The same figure as the question in the definition's own words.
  const auto plain =
      stack().post_json("/api/ask", {{"question", "How many films rent for 0.99?"}}, admin_);
  ASSERT_EQ(plain.json().value("status", ""), "ok") << plain.body;
  EXPECT_EQ(body["rows"], plain.json()["rows"]);
  EXPECT_GT(body["rows"][0][0].get<long long>(), 0);
  EXPECT_NE(body["sql"].get<std::string>().find("rental_rate = 0.99"), std::string::npos);
  const auto& explain = body["explain"];
  EXPECT_EQ(explain["question_as_planned"], "How many films that rents for 0.99 are there?");
  ASSERT_FALSE(explain["understanding"].empty());
  EXPECT_EQ(explain["understanding"][0]["text"], "bargain films");
  EXPECT_EQ(explain["understanding"][0]["as"], "definition");
  bool cited = false;
  for (const auto& n : explain.value("org_memory", json::array())) {
    cited =
        cited || (n.value("used_as", "") == "definition" && n.value("id", 0LL) == added_.back());
  }
  EXPECT_TRUE(cited) << explain.dump();

  // A statement read as a definition takes no words the copilot understands by themselves: "An
  // overdue rental costs $1 a day" is about a fee, and "overdue rentals" stay the planner's.
  const auto fee = add_entry("rule", "An overdue rental costs $1 a day");
  std::this_thread::sleep_for(std::chrono::milliseconds(5500));  // the copilot re-reads in 5 s
  const auto overdue =
      stack().post_json("/api/ask", {{"question", "How many overdue rentals are there?"}}, admin_);
  const auto overdue_body = overdue.json();
  ASSERT_EQ(overdue_body.value("status", ""), "ok") << overdue.body;
  for (const auto& u : overdue_body["explain"]["understanding"]) {
    EXPECT_NE(u.value("as", ""), "definition") << overdue_body["explain"].dump();
  }

  // A definition rewords, it never grants: words the role may not ask about are refused.
  const auto reworded = add_entry("glossary", "Contact sheet means customer emails");
  const std::string marketing = stack().login("marketing_user", "marketing123");
  Reply refused;
  for (int i = 0; i < 30; ++i) {
    refused = stack().post_json("/api/ask", {{"question", "show me the contact sheet"}}, marketing);
    if (refused.status == 403) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  expect_error(refused, 403, "policy_denied");

  // Deleted: the word is not understood again.
  for (const auto id : added_) (void)send(stack(), "DELETE", path(id), admin_);
  added_.clear();
  const auto forgotten = ask_until(stack(), admin_, question, "needs_clarification");
  EXPECT_EQ(forgotten.json().value("status", ""), "needs_clarification") << forgotten.body;
}

TEST_F(GatewayOrgMemory, TheOrganisationsFiscalYearNamesItsPeriods) {
  const std::string question = "Revenue this fiscal year";
  const auto unknown = ask_until(stack(), admin_, question, "needs_clarification");
  ASSERT_EQ(unknown.json().value("status", ""), "needs_clarification") << unknown.body;

  const auto added = add_entry("rule", "Our fiscal year starts in February");
  EXPECT_EQ(added["applied"], json({{"fiscal_year_start_month", 2}}));

  // The data's "now" is 2022-08-23: this fiscal year began on 2022-02-01.
  const auto answered = ask_until(stack(), admin_, question, "ok");
  ASSERT_EQ(answered.json().value("status", ""), "ok") << answered.body;
  const auto body = answered.json();
  const auto& explain = body["explain"];
  EXPECT_EQ(explain["time_range"]["from"], "2022-02-01") << explain.dump();
  const auto plain =
      stack().post_json("/api/ask", {{"question", "Revenue since February 1 2022"}}, admin_);
  EXPECT_EQ(body["rows"], plain.json()["rows"]);
  EXPECT_EQ(explain["understanding"][0]["text"], "this fiscal year");

  const auto quarter = stack().post_json(
      "/api/ask", {{"question", "rentals in the first fiscal quarter by month"}}, admin_);
  ASSERT_EQ(quarter.json().value("status", ""), "ok") << quarter.body;
  EXPECT_EQ(quarter.json()["explain"]["time_range"]["from"], "2022-02-01");
  EXPECT_EQ(quarter.json()["explain"]["time_range"]["to"], "2022-05-01");
  // A fiscal year named by a number is not guessed at.
  const auto named = stack().post_json("/api/ask", {{"question", "revenue in FY2022"}}, admin_);
  EXPECT_EQ(named.json().value("status", ""), "needs_clarification") << named.body;
}

}  // namespace
}  // namespace gateway::testing
