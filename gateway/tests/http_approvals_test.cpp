// The approval queue over HTTP: the real gateway and copilot on the real database. The copilot
// runs with the approval_drill thresholds (every statement is held; finance's are refused), so
// the tests do not depend on which SQL the planner writes; one stack keeps the defaults.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "common/db/org_transaction.hpp"
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

StackOptions drill() {
  StackOptions options;
  options.copilot_env["RISK_THRESHOLD_SET"] = "approval_drill";
  return options;
}

constexpr const char* kQuestion = "How many rentals did we have in June 2022?";

Reply ask(Stack& stack, const std::string& token, const json& body = {{"question", kQuestion}}) {
  return stack.post_json("/api/ask", body, token);
}

Reply decide(Stack& stack, const std::string& token, const std::string& id, const std::string& what,
             const json& body = json::object()) {
  return stack.post_json("/api/approvals/" + id + "/" + what, body, token);
}

void exec(const std::string& sql, long long org_id = 1) {
  pqxx::connection conn(app_database_url());
  common::db::OrgTransaction tx(conn, org_id);
  tx.exec(sql);
  tx.commit();
}

// Deletes the approval requests a test held (the database is shared: a drill's requests must
// not wait in anyone's queue).
class HeldRequests {
 public:
  HeldRequests() = default;
  HeldRequests(const HeldRequests&) = delete;
  HeldRequests& operator=(const HeldRequests&) = delete;
  ~HeldRequests() {
    if (ids_.empty()) return;
    try {
      exec("DELETE FROM approval_requests WHERE approval_id IN (" + ids_ + ")");
    } catch (const std::exception&) {  // best effort: they expire anyway
    }
  }
  // The approval id of a 202 (or "0" when there is none).
  std::string add(const Reply& r) {
    const auto body = r.json();
    std::string id = body.is_object() && body.contains("approval_id")
                         ? std::to_string(body["approval_id"].get<long long>())
                         : "0";
    ids_ += (ids_.empty() ? "" : ",") + id;
    return id;
  }

 private:
  std::string ids_;
};

TEST(GatewayApprovals, OrdinaryQuestionRunsAtOnceWithItsRisk) {
  Stack stack;
  ASSERT_TRUE(stack.real_copilot()) << "needs the real copilot binary (build target copilot)";
  const auto manager = stack.login("manager_store1", "manager123");
  const auto r = ask(stack, manager);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto risk = r.json()["explain"]["risk"];
  EXPECT_EQ(risk["level"], "low") << risk.dump();
  EXPECT_LT(risk["score"].get<int>(), 30);
  ASSERT_TRUE(risk["factors"].is_array());
  EXPECT_FALSE(risk["factors"].empty());
  EXPECT_TRUE(risk["factors"][0].contains("weight"));
}

TEST(GatewayApprovals, TheQueueIsForApproversOnly) {
  Stack stack(drill());
  const auto manager = stack.login("manager_store1", "manager123");
  const auto admin = stack.login("admin_user", "admin123");
  expect_error(stack.get("/api/approvals"), 401, "unauthorized");
  expect_error(stack.get("/api/approvals", manager), 403, "forbidden");
  expect_error(decide(stack, manager, "1", "approve"), 403, "forbidden");
  expect_error(decide(stack, "", "1", "reject"), 401, "unauthorized");
  expect_error(stack.get("/api/approvals?status=maybe", admin), 422, "invalid_field");
  expect_error(stack.get("/api/approvals?limit=0", admin), 422, "invalid_field");
  expect_error(decide(stack, admin, "999999999999", "approve"), 404, "not_found");
  expect_error(decide(stack, admin, "abc", "approve"), 404, "not_found");
  expect_error(decide(stack, admin, "-3", "reject"), 404, "not_found");
  const auto listed = stack.get("/api/approvals?status=approved&limit=5", admin);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_TRUE(listed.json()["approvals"].is_array());
  // A wrong method on a known path: 405 with Allow.
  const auto wrong =
      stack.request("DELETE", "/api/approvals", {{"Authorization", "Bearer " + admin}});
  EXPECT_EQ(wrong.status, 405);
}

TEST(GatewayApprovals, HeldAskRunsForTheRequesterOnceAnotherPersonApproves) {
  Stack stack(drill());
  ASSERT_TRUE(stack.real_copilot()) << "needs the real copilot binary (build target copilot)";
  const auto manager = stack.login("manager_store1", "manager123");
  const auto admin = stack.login("admin_user", "admin123");

  HeldRequests cleanup;
  const auto held = ask(stack, manager);
  ASSERT_EQ(held.status, 202) << held.body;
  cleanup.add(held);
  const auto body = held.json();
  EXPECT_EQ(body["status"], "pending_approval");
  ASSERT_TRUE(body["approval_id"].is_number_integer());
  EXPECT_EQ(body["request_id"], held.header("X-Request-Id"));
  EXPECT_FALSE(body["conversation_id"].get<std::string>().empty());
  EXPECT_EQ(body["risk"]["level"], "high");
  const std::string id = std::to_string(body["approval_id"].get<long long>());
  const std::string conversation = body["conversation_id"];

  // The approver sees it with the question, the SQL and the requester.
  const auto pending = stack.get("/api/approvals?status=pending&limit=200", admin);
  ASSERT_EQ(pending.status, 200);
  json mine;
  const auto listed = pending.json();  // kept: the loop reads into it
  for (const auto& a : listed["approvals"]) {
    if (std::to_string(a["approval_id"].get<long long>()) == id) mine = a;
  }
  ASSERT_TRUE(mine.is_object()) << pending.body;
  EXPECT_EQ(mine["question"], kQuestion);
  EXPECT_EQ(mine["requester"]["username"], "manager_store1");
  EXPECT_EQ(mine["requester"]["store_ids"], json::array({1}));
  EXPECT_NE(mine["sql"].get<std::string>().find("SELECT"), std::string::npos);

  // A reason must be a string.
  expect_error(decide(stack, admin, id, "approve", {{"reason", 5}}), 422, "invalid_field");
  // The requester cannot run it by naming it in an ask: the body's approval_id is not passed on
  // (the drill holds this ask again, as a new request).
  const auto sneaky =
      ask(stack, manager, {{"question", kQuestion}, {"approval_id", std::stoll(id)}});
  EXPECT_NE(sneaky.status, 200) << sneaky.body;
  cleanup.add(sneaky);

  const auto approved = decide(stack, admin, id, "approve", {{"reason", "June is fine"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  const auto decision = approved.json();
  EXPECT_EQ(decision["approval"]["status"], "approved");
  EXPECT_EQ(decision["approval"]["decided_by"], "admin_user");
  EXPECT_EQ(decision["approval"]["reason"], "June is fine");
  EXPECT_FALSE(decision["approval"]["executed_at"].is_null());
  ASSERT_EQ(decision["execution"]["http_status"], 200) << approved.body;
  const auto answer = decision["execution"]["body"];
  EXPECT_EQ(answer["status"], "ok");
  EXPECT_EQ(answer["conversation_id"], conversation);
  // The requester's role and scope, never the approver's.
  EXPECT_EQ(answer["security"]["role"], "store_manager");
  EXPECT_EQ(answer["security"]["store_ids"], json::array({1}));
  EXPECT_EQ(answer["rows"][0][0], 1121) << answer.dump();

  expect_error(decide(stack, admin, id, "approve"), 409, "conflict");
  expect_error(decide(stack, admin, id, "reject"), 409, "conflict");

  // The answer is in the requester's conversation.
  const auto history = stack.get("/api/conversations/" + conversation, manager);
  ASSERT_EQ(history.status, 200);
  EXPECT_NE(history.body.find("1,121"), std::string::npos) << history.body;

  // Audited: the decision (gateway) and the run (copilot, under its own request id).
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" +
                                approved.header("X-Request-Id") + "' AND status = 'approved'",
                            std::chrono::seconds(5)),
            "1");
  const std::string run_id = decision["execution"]["request_id"];
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_events WHERE request_id = '" +
                                run_id + "' AND stage = 'risk'",
                            std::chrono::seconds(5)),
            "1");
}

TEST(GatewayApprovals, NobodyApprovesTheirOwnAndRejectedOrExpiredNeverRun) {
  Stack stack(drill());
  ASSERT_TRUE(stack.real_copilot()) << "needs the real copilot binary (build target copilot)";
  TempUser other_admin("admin", {}, true);
  const auto admin = stack.login("admin_user", "admin123");
  const auto other = stack.login(other_admin.username, other_admin.password);

  HeldRequests cleanup;
  const auto own = ask(stack, admin);
  ASSERT_EQ(own.status, 202) << own.body;
  const std::string own_id = cleanup.add(own);
  const auto refused = decide(stack, admin, own_id, "approve");
  expect_error(refused, 403, "forbidden");
  // Refused decisions are audited too.
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" +
                                refused.header("X-Request-Id") + "' AND error_code = 'forbidden'",
                            std::chrono::seconds(5)),
            "1");
  // The database refuses it too.
  EXPECT_THROW(exec("UPDATE approval_requests SET status = 'approved', decided_by = user_id, "
                    "decided_at = now() WHERE approval_id = " +
                    own_id),
               pqxx::check_violation);

  const auto rejected = decide(stack, other, own_id, "reject", {{"reason", "too broad"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json()["approval"]["status"], "rejected");
  EXPECT_TRUE(rejected.json()["approval"]["executed_at"].is_null());
  EXPECT_FALSE(rejected.json().contains("execution"));
  expect_error(decide(stack, other, own_id, "approve"), 409, "conflict");

  const auto later = ask(stack, admin);
  ASSERT_EQ(later.status, 202);
  const std::string later_id = cleanup.add(later);
  exec(
      "UPDATE approval_requests SET expires_at = now() - interval '1 second' WHERE approval_id = " +
      later_id);
  expect_error(decide(stack, other, later_id, "approve"), 409, "conflict");
  const auto expired = stack.get("/api/approvals?status=expired&limit=200", other);
  EXPECT_NE(expired.body.find("\"approval_id\":" + later_id), std::string::npos) << expired.body;
  // The throw-away approver's decisions go with it (a decision keeps its decider otherwise).
  exec("DELETE FROM approval_requests WHERE decided_by = " + std::to_string(other_admin.user_id));
}

TEST(GatewayApprovals, EventStreamEndsWithThePendingResultAndBlockIsRefused) {
  Stack stack(drill());
  ASSERT_TRUE(stack.real_copilot()) << "needs the real copilot binary (build target copilot)";
  const auto manager = stack.login("manager_store1", "manager123");
  const auto r = stack.post_json("/api/ask", {{"question", kQuestion}}, manager,
                                 {{"Accept", "text/event-stream"}});
  ASSERT_EQ(r.status, 200);
  // The stream's held request is the newest of this requester's.
  exec("DELETE FROM approval_requests WHERE request_id = '" + r.header("X-Request-Id") + "'");
  EXPECT_NE(r.body.find("\"stage\":\"risk\""), std::string::npos) << r.body;
  const auto last = r.body.rfind("event: result");
  ASSERT_NE(last, std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"status\":\"pending_approval\"", last), std::string::npos) << r.body;

  // approval_drill blocks finance: refused with the reason, nothing held.
  const auto finance = stack.login("finance_user", "finance123");
  const auto blocked = ask(stack, finance, {{"question", "What's our total revenue?"}});
  expect_error(blocked, 403, "policy_denied");
}

// Approving runs the statement with the role and stores stored with the request, so they are
// re-read first: a requester who lost a store since asking gets nothing run for them.
TEST(GatewayApprovals, ARequesterWhoLostTheirStoreGetsNothingRun) {
  TempUser user("store_manager", {1, 2});
  StackOptions options = drill();
  options.env["GATEWAY_USER_CACHE_MS"] = "0";
  Stack stack(options);
  ASSERT_TRUE(stack.real_copilot()) << "needs the real copilot binary (build target copilot)";
  const auto requester = stack.login(user.username, user.password);
  const auto admin = stack.login("admin_user", "admin123");
  HeldRequests cleanup;
  const auto held = ask(stack, requester, {{"question", kQuestion}, {"store_id", 2}});
  ASSERT_EQ(held.status, 202) << held.body;
  const std::string id = cleanup.add(held);
  exec("DELETE FROM app_user_store_access WHERE user_id = " + std::to_string(user.user_id) +
       " AND store_id = 2");
  expect_error(decide(stack, admin, id, "approve"), 409, "conflict");
  EXPECT_EQ(wait_for_scalar("SELECT status || ':' || (executed_at IS NULL)::text FROM "
                            "approval_requests WHERE approval_id = " +
                                id,
                            std::chrono::seconds(2)),
            "pending:true");
  // Rejecting it stays possible.
  EXPECT_EQ(decide(stack, admin, id, "reject").status, 200);
}

// The requester follows a held question (and learns of a rejection with its reason); nobody else
// can tell that it exists.
TEST(GatewayApprovals, TheRequesterCanReadTheirHeldQuestionAndNobodyElse) {
  Stack stack(drill());
  ASSERT_TRUE(stack.real_copilot()) << "needs the real copilot binary (build target copilot)";
  const auto manager = stack.login("manager_store1", "manager123");
  const auto other = stack.login("manager_multi", "manager123");
  const auto admin = stack.login("admin_user", "admin123");
  HeldRequests cleanup;
  const auto held = ask(stack, manager);
  ASSERT_EQ(held.status, 202) << held.body;
  const std::string id = cleanup.add(held);

  const auto mine = stack.get("/api/approvals/" + id, manager);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json()["status"], "pending");
  EXPECT_EQ(stack.get("/api/approvals/" + id, admin).status, 200);
  expect_error(stack.get("/api/approvals/" + id, other), 404, "not_found");
  expect_error(stack.get("/api/approvals/999999999", manager), 404, "not_found");
  expect_error(stack.get("/api/approvals/" + id), 401, "unauthorized");

  ASSERT_EQ(decide(stack, admin, id, "reject", {{"reason", "too broad"}}).status, 200);
  const auto rejected = stack.get("/api/approvals/" + id, manager).json();
  EXPECT_EQ(rejected["status"], "rejected");
  EXPECT_EQ(rejected["reason"], "too broad");
  EXPECT_EQ(rejected["decided_by"], "admin_user");
  EXPECT_TRUE(rejected["executed_at"].is_null());
}

}  // namespace
}  // namespace gateway::testing
