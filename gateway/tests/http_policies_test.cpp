// Policies as data over HTTP: the real gateway and copilot on the real database. A saved
// version is validated with the copilot's own compiler, audited with before and after, and in
// force in the running copilot within 5 s. policy_versions is shared and append-only: a test
// that saves a version saves the policy it found back again before it ends (PolicyRestorer), and
// its blocked words are made up for the test, so nobody else's questions meet them.
#include <gtest/gtest.h>

#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "common/testing/file_lock.hpp"
#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

void expect_error(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  const auto body = r.json();
  ASSERT_TRUE(body.is_object() && body.contains("error")) << r.body;
  EXPECT_EQ(body["error"].value("code", ""), code) << r.body;
  EXPECT_EQ(body["error"].value("request_id", ""), r.header("X-Request-Id"));
}

// The body as raw text (what a broken client sends).
Reply put_text(Stack& stack, const std::string& token, const std::string& body,
               const std::string& content_type = "application/json") {
  httplib::Headers headers = {{"Content-Type", content_type}};
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return stack.request("PUT", "/api/policies", headers, body);
}

Reply put_policy(Stack& stack, const std::string& token, const json& body) {
  return put_text(stack, token, body.dump());
}

// A word nobody asks about, new for every run.
std::string made_up_word() { return "zq" + random_hex(4); }

json with_blocked(json rules, const std::string& word) {
  rules["rules"].push_back({{"id", "blocked_" + word},
                            {"kind", "pattern"},
                            {"roles", {"*"}},
                            {"code", "policy_denied"},
                            {"reason", "Questions about " + word + " are not answered."},
                            {"suggestion", "How many rentals did we have in June 2022?"},
                            {"patterns", {"\\b" + word + "\\b"}}});
  return rules;
}

// Saves the policy found at construction back as a new version when the one in force differs
// at destruction (a test that failed half-way included).
class PolicyRestorer {
 public:
  PolicyRestorer(Stack& stack, std::string admin_token)
      : editing_("policy-of-the-demo-organisation"), stack_(stack), token_(std::move(admin_token)) {
    const auto r = stack_.get("/api/policies", token_);
    if (r.status != 200) {
      ADD_FAILURE() << "GET /api/policies: " << r.status << " " << r.body;
      return;
    }
    original_ = r.json();
  }
  ~PolicyRestorer() {
    if (!original_.is_object()) return;
    const auto now = stack_.get("/api/policies", token_).json();
    if (!now.is_object() || now["rules"] == original_["rules"]) return;
    const auto r = put_policy(stack_, token_,
                              json{{"rules", original_["rules"]},
                                   {"comment", "restored after a gateway HTTP test"},
                                   {"base_version", now["version"]}});
    if (r.status != 201) ADD_FAILURE() << "the policy was not restored: " << r.body;
  }
  PolicyRestorer(const PolicyRestorer&) = delete;
  PolicyRestorer& operator=(const PolicyRestorer&) = delete;
  [[nodiscard]] const json& original() const { return original_; }
  [[nodiscard]] long long version() const { return original_.value("version", 0LL); }

 private:
  // ctest runs these tests in parallel processes on one database: each one's versions stay its
  // own while it holds this (first member: taken before the policy is read, freed after it is
  // restored).
  common::testing::FileLock editing_;
  Stack& stack_;
  std::string token_;
  json original_;
};

// One stack (gateway + real copilot) for the suite: starting a copilot takes seconds.
class GatewayPolicies : public ::testing::Test {
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
  static Stack& stack() { return *stack_; }
  std::string admin_;

 private:
  static Stack* stack_;
};
Stack* GatewayPolicies::stack_ = nullptr;

TEST_F(GatewayPolicies, OnlyAdminsReadOrSaveThePolicy) {
  const auto manager = stack().login("manager_store1", "manager123");
  const auto body = json{{"rules", {{"rules", json::array()}}}, {"base_version", 1}};
  expect_error(stack().get("/api/policies"), 401, "unauthorized");
  expect_error(put_policy(stack(), "", body), 401, "unauthorized");
  expect_error(stack().get("/api/policies/versions"), 401, "unauthorized");
  expect_error(stack().get("/api/policies", manager), 403, "forbidden");
  expect_error(stack().get("/api/policies/versions", manager), 403, "forbidden");
  expect_error(stack().get("/api/policies/versions/1", manager), 403, "forbidden");
  const auto refused = put_policy(stack(), manager, body);
  expect_error(refused, 403, "forbidden");
  // A refused save by a signed-in user is audited.
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" +
                                refused.header("X-Request-Id") +
                                "' AND username = 'manager_store1' AND error_code = 'forbidden'",
                            std::chrono::seconds(5)),
            "1");
  const auto wrong =
      stack().request("DELETE", "/api/policies", {{"Authorization", "Bearer " + admin_}});
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "GET, PUT");
}

TEST_F(GatewayPolicies, TheVersionInForceAndItsHistoryAreListed) {
  // The version in force and the list read as one: no other test saves a version in between
  // (ctest runs them in parallel processes on one database).
  const common::testing::FileLock reading("policy-of-the-demo-organisation");
  const auto current = stack().get("/api/policies", admin_);
  ASSERT_EQ(current.status, 200) << current.body;
  const auto policy = current.json();
  EXPECT_GE(policy["version"].get<long long>(), 1);
  EXPECT_TRUE(policy["rules"]["rules"].is_array());
  EXPECT_TRUE(policy["source"] == "file" || policy["source"] == "api");
  EXPECT_TRUE(policy.contains("created_at"));
  EXPECT_TRUE(policy.contains("created_by"));
  const auto listed = stack().get("/api/policies/versions?limit=3", admin_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto versions = listed.json()["versions"];
  ASSERT_FALSE(versions.empty());
  EXPECT_LE(versions.size(), 3U);
  EXPECT_EQ(versions[0]["version"], policy["version"]);
  EXPECT_EQ(listed.json()["current"], policy["version"]);
  EXPECT_FALSE(versions[0].contains("rules"));  // no documents in the list
  EXPECT_EQ(versions[0]["rule_count"], policy["rules"]["rules"].size());
  // The first version is the seed from the rules file.
  const auto first = stack().get("/api/policies/versions/1", admin_);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["source"], "file");
  EXPECT_EQ(first.json()["created_by"], nullptr);
  expect_error(stack().get("/api/policies/versions/0", admin_), 404, "not_found");
  expect_error(stack().get("/api/policies/versions/abc", admin_), 404, "not_found");
  expect_error(stack().get("/api/policies/versions/99999999999", admin_), 404, "not_found");
  expect_error(stack().get("/api/policies/versions?limit=0", admin_), 422, "invalid_field");
}

TEST_F(GatewayPolicies, ARuleThatCannotCompileIsRefusedWithItsError) {
  PolicyRestorer restore(stack(), admin_);
  const auto base = restore.version();
  const auto field_error = [&](const Reply& r, const std::string& field,
                               const std::string& message) {
    expect_error(r, 422, "invalid_field");
    EXPECT_EQ(r.json()["error"].value("field", ""), field) << r.body;
    EXPECT_NE(r.json()["error"].value("message", "").find(message), std::string::npos) << r.body;
  };
  auto bad_regex = with_blocked(restore.original()["rules"], made_up_word());
  bad_regex["rules"].back()["patterns"] = {"(unclosed"};
  const auto refused =
      put_policy(stack(), admin_, json{{"rules", bad_regex}, {"base_version", base}});
  const auto index = restore.original()["rules"]["rules"].size();
  field_error(refused, "rules", "does not compile: rules[" + std::to_string(index) + "]");
  field_error(refused, "rules", "missing closing parenthesis");

  auto unknown_kind = with_blocked(restore.original()["rules"], made_up_word());
  unknown_kind["rules"].back()["kind"] = "keyword";
  field_error(put_policy(stack(), admin_, json{{"rules", unknown_kind}, {"base_version", base}}),
              "rules", "unknown kind 'keyword'");
  // The editor's text as it is: its syntax error, with where it is.
  field_error(
      put_policy(stack(), admin_,
                 json{{"rules", "{\"rules\": [\n  {\"id\": \"x\",}\n]}"}, {"base_version", base}}),
      "rules", "rules is not JSON: parse error at line 2");
  // A syntax error inside a multi-byte character: the message quoting it is still JSON.
  field_error(
      put_policy(stack(), admin_, json{{"rules", "{\"a\": \u00e9}"}, {"base_version", base}}),
      "rules", "rules is not JSON: parse error at line 1, column 7");
  // A number too large for a double is refused like a syntax error (it threw past the handler).
  field_error(
      put_policy(stack(), admin_, json{{"rules", "{\"rules\": 1e22222}"}, {"base_version", base}}),
      "rules", "rules is not JSON: number overflow");
  field_error(put_policy(stack(), admin_, json{{"base_version", base}}), "rules", "missing");
  const json with_nul = {{"rules", json::array({json{{"id", std::string("a\0b", 3)}}})}};
  field_error(put_policy(stack(), admin_, json{{"rules", with_nul}, {"base_version", base}}),
              "rules", "NUL");
  field_error(put_policy(stack(), admin_, json{{"rules", restore.original()["rules"]}}),
              "base_version", "base_version");
  field_error(put_policy(stack(), admin_,
                         json{{"rules", restore.original()["rules"]},
                              {"base_version", base},
                              {"comment", std::string(2001, 'c')}}),
              "comment", "2000 bytes");
  std::string deep = "1";
  for (int i = 0; i < 100; ++i) deep = "[" + deep + "]";
  field_error(put_text(stack(), admin_,
                       "{\"base_version\":" + std::to_string(base) +
                           ",\"rules\":{\"rules\":" + deep + "}}"),
              "rules", "nest more than 32 levels");
  expect_error(put_text(stack(), admin_, "{\"rules\": "), 400, "bad_request");
  expect_error(put_text(stack(), admin_, "[1, 2]"), 400, "bad_request");
  expect_error(put_text(stack(), admin_, "rules=1", "text/plain"), 415, "unsupported_media_type");

  // Nothing was saved; the refusal is audited with what was proposed.
  EXPECT_EQ(stack().get("/api/policies", admin_).json()["version"], base);
  const std::string id = refused.header("X-Request-Id");
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_events WHERE request_id = '" + id +
                                "' AND stage = 'gateway' AND status = 'refused' AND "
                                "(details -> 'policy' ->> 'before_version')::bigint = " +
                                std::to_string(base) +
                                " AND details -> 'policy' ->> 'proposed' LIKE '%(unclosed%'",
                            std::chrono::seconds(5)),
            "1");
}

TEST_F(GatewayPolicies, AStaleBaseVersionIsAConflictAndSavesNothing) {
  PolicyRestorer restore(stack(), admin_);
  const auto base = restore.version();
  const auto rules = with_blocked(restore.original()["rules"], made_up_word());
  for (const long long stale : {base - 1, base + 1}) {
    const auto r = put_policy(stack(), admin_, json{{"rules", rules}, {"base_version", stale}});
    expect_error(r, 409, "conflict");
    EXPECT_EQ(r.json()["error"]["current_version"], base) << r.body;
  }
  EXPECT_EQ(stack().get("/api/policies", admin_).json()["version"], base);

  // Two admins save on the same version at once: one wins, the other is told to reload.
  std::vector<Reply> replies(2);
  std::vector<std::thread> savers;
  for (size_t i = 0; i < replies.size(); ++i) {
    savers.emplace_back([&, i] {
      replies[i] = put_policy(
          stack(), admin_,
          json{{"rules", rules}, {"comment", "race " + std::to_string(i)}, {"base_version", base}});
    });
  }
  for (auto& t : savers) t.join();
  const int won = static_cast<int>(replies[0].status == 201) + (replies[1].status == 201);
  const int lost = static_cast<int>(replies[0].status == 409) + (replies[1].status == 409);
  EXPECT_EQ(won, 1) << replies[0].body << " / " << replies[1].body;
  EXPECT_EQ(lost, 1) << replies[0].body << " / " << replies[1].body;
  EXPECT_EQ(stack().get("/api/policies", admin_).json()["version"], base + 1);
}

// The acceptance check of issue 14 part 4: a rule saved through the API is enforced by the
// running copilot within 5 s, with no restart, and the save is audited with before and after.
TEST_F(GatewayPolicies, ASavedRuleIsEnforcedByTheRunningCopilotWithin5Seconds) {
  PolicyRestorer restore(stack(), admin_);
  const auto manager = stack().login("manager_store1", "manager123");
  const std::string word = made_up_word();
  const std::string question = "How many rentals did we have in June 2022 for " + word + "?";
  const auto before = stack().post_json("/api/ask", {{"question", question}}, manager);
  ASSERT_NE(before.status, 403) << before.body;

  const auto saved = put_policy(stack(), admin_,
                                json{{"rules", with_blocked(restore.original()["rules"], word)},
                                     {"comment", "block " + word},
                                     {"base_version", restore.version()}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  const auto version = saved.json()["version"].get<long long>();
  const auto saved_at = steady_clock::now();
  EXPECT_EQ(version, restore.version() + 1);
  EXPECT_EQ(saved.json()["previous_version"], restore.version());
  EXPECT_EQ(saved.json()["created_by"]["username"], "admin_user");
  EXPECT_EQ(saved.json()["comment"], "block " + word);
  EXPECT_EQ(saved.json()["source"], "api");
  EXPECT_EQ(stack().get("/api/policies", admin_).json()["version"], version);

  Reply refused;
  while (steady_clock::now() - saved_at < std::chrono::seconds(10)) {
    refused = stack().post_json("/api/ask", {{"question", question}}, manager);
    if (refused.status == 403) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto took = steady_clock::now() - saved_at;
  expect_error(refused, 403, "policy_denied");
  EXPECT_EQ(refused.json()["error"]["reason"], "Questions about " + word + " are not answered.");
  EXPECT_LT(took, std::chrono::seconds(5));
  std::cout << "[ policy ] version " << version << " enforced after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
  // The refused ask's audit names the rule and the version in force.
  EXPECT_EQ(
      wait_for_scalar("SELECT details ->> 'policy_version' FROM query_audit_events WHERE "
                      "request_id = '" +
                          refused.header("X-Request-Id") +
                          "' AND stage = 'policy' AND details ->> 'rule' = 'blocked_" + word + "'",
                      std::chrono::seconds(5)),
      std::to_string(version));
  // An answer says which version checked it.
  const auto answered = stack().post_json(
      "/api/ask", {{"question", "How many rentals did we have in June 2022?"}}, manager);
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.json()["security"]["policy_version"], version);

  // The save is in the audit trail with the versions before and after and what changed.
  const std::string saved_id = saved.header("X-Request-Id");
  EXPECT_EQ(
      wait_for_scalar("SELECT count(*) FROM query_audit_logs l JOIN query_audit_events e USING "
                      "(request_id) WHERE l.request_id = '" +
                          saved_id +
                          "' AND l.status = 'policy_saved' AND l.username = 'admin_user' AND "
                          "(e.details -> 'policy' ->> 'before_version')::bigint = " +
                          std::to_string(restore.version()) +
                          " AND (e.details -> 'policy' ->> 'after_version')::bigint = " +
                          std::to_string(version) +
                          " AND e.details -> 'policy' -> 'diff' -> 0 ->> 'op' = 'add' AND "
                          "e.details -> 'policy' -> 'diff' -> 0 -> 'value' ->> 'id' = 'blocked_" +
                          word + "'",
                      std::chrono::seconds(5)),
      "1");
}

}  // namespace
}  // namespace gateway::testing
