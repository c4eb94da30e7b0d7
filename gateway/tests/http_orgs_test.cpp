// Organisations over HTTP (issue 14, part 5): the real gateway and copilot on the real database.
// The admin of organisation 2 (admin_org2, db/seeds/users.sql) is an admin in every way — and
// sees none of organisation 1's conversations, audit trail, approvals or policy, while a policy
// change in organisation 2 changes nothing for organisation 1's answers. The database enforces
// it (db/tests/db_orgs_test.cpp); these tests check what a client gets.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "common/db/org_transaction.hpp"
#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

constexpr const char* kQuestion = "How many rentals did we have in June 2022?";

void expect_error(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  const auto body = r.json();
  ASSERT_TRUE(body.is_object() && body.contains("error")) << r.body;
  EXPECT_EQ(body["error"].value("code", ""), code) << r.body;
}

std::string northwind_admin(Stack& stack) { return stack.login("admin_org2", "admin2123"); }

TEST(GatewayOrgs, ALoginSaysWhichOrganisationTheUserBelongsTo) {
  Stack stack;
  const auto demo =
      stack.post_json("/api/auth/login", {{"username", "admin_user"}, {"password", "admin123"}});
  ASSERT_EQ(demo.status, 200) << demo.body;
  EXPECT_EQ(demo.json()["user"]["org_id"], 1);
  const auto northwind =
      stack.post_json("/api/auth/login", {{"username", "admin_org2"}, {"password", "admin2123"}});
  ASSERT_EQ(northwind.status, 200) << northwind.body;
  EXPECT_EQ(northwind.json()["user"]["org_id"], 2);
  EXPECT_EQ(northwind.json()["user"]["role"], "admin");
  const auto me = stack.get("/api/me", northwind.json()["access_token"].get<std::string>());
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["org_id"], 2);
}

TEST(GatewayOrgs, AnotherOrganisationsConversationAndAuditAreNotThere) {
  Stack stack;
  ASSERT_TRUE(stack.real_copilot()) << "needs the real copilot binary (build target copilot)";
  const auto manager = stack.login("manager_store1", "manager123");
  const auto demo_admin = stack.login("admin_user", "admin123");
  const auto northwind = northwind_admin(stack);

  const auto asked = stack.post_json("/api/ask", {{"question", kQuestion}}, manager);
  ASSERT_EQ(asked.status, 200) << asked.body;
  const std::string conversation = asked.json()["conversation_id"].get<std::string>();
  const std::string request = asked.json()["request_id"].get<std::string>();
  // Organisation 1 has it (the copilot's audit is written in the background).
  ASSERT_EQ(
      wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" + request + "'",
                      std::chrono::seconds(5)),
      "1");
  ASSERT_EQ(stack.get("/api/conversations/" + conversation, manager).status, 200);
  const auto demo_audit = stack.get("/api/audit?limit=500&user=manager_store1", demo_admin);
  ASSERT_EQ(demo_audit.status, 200) << demo_audit.body;
  EXPECT_GT(demo_audit.json()["total"].get<long long>(), 0);

  // Organisation 2's admin: the conversation does not exist, the trail holds none of it.
  expect_error(stack.get("/api/conversations/" + conversation, northwind), 404, "not_found");
  const auto filtered = stack.get("/api/audit?limit=500&user=manager_store1", northwind);
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_EQ(filtered.json()["total"], 0) << filtered.body;
  const auto all = stack.get("/api/audit?limit=500", northwind);
  ASSERT_EQ(all.status, 200) << all.body;
  // (The parsed body is kept: a loop over a member of a temporary would read freed memory.)
  const auto all_body = all.json();
  for (const auto& item : all_body["items"]) {
    EXPECT_NE(item["request_id"], request);
    EXPECT_NE(item["username"], "manager_store1") << item.dump();
    EXPECT_NE(item["username"], "admin_user") << item.dump();
  }
  EXPECT_EQ(
      scalar_in(2, "SELECT count(*) FROM query_audit_logs WHERE request_id = '" + request + "'"),
      "0");

  // Asking "in" organisation 1's conversation neither reads nor extends it: it is not there
  // (404, as another user's conversation is inside one organisation).
  const auto follow_up = stack.post_json(
      "/api/ask", {{"question", "only store 2"}, {"conversation_id", conversation}}, northwind);
  expect_error(follow_up, 404, "not_found");
  const auto turns = stack.get("/api/conversations/" + conversation, manager);
  ASSERT_EQ(turns.status, 200) << turns.body;
  EXPECT_EQ(turns.json()["turns"].size(), 1U) << turns.body;
}

TEST(GatewayOrgs, AnotherOrganisationsApprovalsAreNotThere) {
  StackOptions drill;
  drill.copilot_env["RISK_THRESHOLD_SET"] = "approval_drill";  // every question is held
  Stack stack(drill);
  ASSERT_TRUE(stack.real_copilot()) << "needs the real copilot binary (build target copilot)";
  const auto manager = stack.login("manager_store1", "manager123");
  const auto demo_admin = stack.login("admin_user", "admin123");
  const auto northwind = northwind_admin(stack);

  const auto held = stack.post_json("/api/ask", {{"question", kQuestion}}, manager);
  ASSERT_EQ(held.status, 202) << held.body;
  const auto id = std::to_string(held.json()["approval_id"].get<long long>());
  struct Cleanup {  // a drill's request must not wait in anyone's queue
    std::string id;
    ~Cleanup() {
      try {
        pqxx::connection conn(app_database_url());
        common::db::OrgTransaction tx(conn, 1);
        tx.exec("DELETE FROM approval_requests WHERE approval_id = " + id);
        tx.commit();
      } catch (const std::exception&) {  // best effort: it expires anyway
      }
    }
  } cleanup{id};

  // Organisation 1's approver has it.
  ASSERT_EQ(stack.get("/api/approvals/" + id, demo_admin).status, 200);
  // Organisation 2's does not: not listed, not readable, not decidable.
  const auto queue = stack.get("/api/approvals?status=pending&limit=200", northwind);
  ASSERT_EQ(queue.status, 200) << queue.body;
  const auto queue_body = queue.json();
  for (const auto& a : queue_body["approvals"]) {
    EXPECT_NE(std::to_string(a["approval_id"].get<long long>()), id);
    EXPECT_NE(a["requester"]["username"], "manager_store1") << a.dump();
  }
  expect_error(stack.get("/api/approvals/" + id, northwind), 404, "not_found");
  expect_error(stack.post_json("/api/approvals/" + id + "/approve", json::object(), northwind), 404,
               "not_found");
  expect_error(stack.post_json("/api/approvals/" + id + "/reject", json::object(), northwind), 404,
               "not_found");
  // Still pending for organisation 1.
  EXPECT_EQ(stack.get("/api/approvals/" + id, demo_admin).json()["status"], "pending");
}

// Saves `rules` for the organisation of `token` on the version in force; returns that version.
long long save_policy(Stack& stack, const std::string& token, const json& rules,
                      const std::string& comment) {
  const auto now = stack.get("/api/policies", token);
  EXPECT_EQ(now.status, 200) << now.body;
  httplib::Headers headers = {{"Content-Type", "application/json"},
                              {"Authorization", "Bearer " + token}};
  const auto saved = stack.request(
      "PUT", "/api/policies", headers,
      json{{"rules", rules}, {"comment", comment}, {"base_version", now.json()["version"]}}.dump());
  EXPECT_EQ(saved.status, 201) << saved.body;
  return saved.json().value("version", 0LL);
}

TEST(GatewayOrgs, EachOrganisationHasItsOwnPolicy) {
  Stack stack;
  ASSERT_TRUE(stack.real_copilot()) << "needs the real copilot binary (build target copilot)";
  const auto demo_admin = stack.login("admin_user", "admin123");
  const auto northwind = northwind_admin(stack);

  // Both have a policy in force (organisation 2's seeded from the rules file by the copilot),
  // each with its own history.
  const auto demo_policy = stack.get("/api/policies", demo_admin);
  const auto northwind_policy = stack.get("/api/policies", northwind);
  ASSERT_EQ(demo_policy.status, 200) << demo_policy.body;
  ASSERT_EQ(northwind_policy.status, 200) << northwind_policy.body;
  const auto demo_history = stack.get("/api/policies/versions?limit=200", demo_admin).json();
  const auto northwind_history = stack.get("/api/policies/versions?limit=200", northwind).json();
  ASSERT_TRUE(northwind_history["versions"].is_array()) << northwind_history.dump();
  ASSERT_TRUE(demo_history["versions"].is_array()) << demo_history.dump();
  for (const auto& v : northwind_history["versions"]) {
    if (v["created_by"].is_object()) {
      EXPECT_NE(v["created_by"]["username"], "admin_user") << v.dump();
    }
  }

  // Organisation 2 blocks a made-up word.
  const std::string word = "zq" + random_hex(4);
  auto rules = northwind_policy.json()["rules"];
  rules["rules"].push_back({{"id", "blocked_" + word},
                            {"kind", "pattern"},
                            {"roles", {"*"}},
                            {"code", "policy_denied"},
                            {"reason", "Questions about " + word + " are not answered."},
                            {"patterns", {"\\b" + word + "\\b"}}});
  const auto original = northwind_policy.json()["rules"];
  const auto version = save_policy(stack, northwind, rules, "block " + word);
  EXPECT_EQ(version, northwind_policy.json()["version"].get<long long>() + 1);
  // Organisation 1's policy did not move.
  EXPECT_EQ(stack.get("/api/policies", demo_admin).json()["version"],
            demo_policy.json()["version"]);
  expect_error(stack.get("/api/policies/versions/" + std::to_string(version + 1000), northwind),
               404, "not_found");

  const std::string question = "How many rentals did we have in June 2022 for " + word + "?";
  Reply refused;
  const auto saved_at = steady_clock::now();
  while (steady_clock::now() - saved_at < std::chrono::seconds(10)) {
    refused = stack.post_json("/api/ask", {{"question", question}}, northwind);
    if (refused.status == 403) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  expect_error(refused, 403, "policy_denied");
  EXPECT_EQ(refused.json()["error"]["reason"], "Questions about " + word + " are not answered.");
  // The same question in organisation 1, after organisation 2's rule is in force: answered.
  const auto answered = stack.post_json("/api/ask", {{"question", question}}, demo_admin);
  EXPECT_NE(answered.status, 403) << answered.body;
  EXPECT_EQ(answered.json()["security"]["policy_version"], demo_policy.json()["version"])
      << answered.body;

  // Organisation 2's policy as it was (a new version, history is never rewritten).
  save_policy(stack, northwind, original, "restored after a gateway HTTP test");
}

}  // namespace
}  // namespace gateway::testing
