// CANONICAL QUESTIONS: the eval set's questions (eval/questions.jsonl) through the real copilot's
// /run as each seed user, compared with gold results computed independently from Pagila's base
// tables with the user's scope applied by hand (eval/gold.jsonl). Each of the five seed users
// must get ≥ 20 right; every refusal question must be refused (403 policy_denied/scope_denied).
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "common/crypto/secrets.hpp"
#include "common/ids/ids.hpp"
#include "copilot/tests/result_compare.hpp"
#include "copilot/tests/service.hpp"
#include "copilot/tests/support.hpp"

namespace copilot {
namespace {

using nlohmann::json;

std::vector<json> read_jsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + " is missing");
  std::vector<json> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

constexpr int kRequiredPerUser = 20;

TEST(CanonicalQuestions, EverySeedUserGetsAtLeast20RightAndEveryRefusalIsRefused) {
  testing::CopilotService service(std::map<std::string, std::string>{{"RESULT_CACHE_SIZE", "0"}});
  const auto questions = read_jsonl("eval/questions.jsonl");
  std::ifstream disagreements_file("eval/disagreements.json");
  ASSERT_TRUE(disagreements_file) << "eval/disagreements.json is missing";
  const auto disagreements = json::parse(disagreements_file);
  std::map<std::string, json> gold;
  for (auto& g : read_jsonl("eval/gold.jsonl")) gold[g["id"].get<std::string>()] = g;

  std::map<std::string, std::string> conversation_of;  // question id → conversation id
  std::map<std::string, int> right;
  std::map<std::string, int> asked;
  std::map<std::string, int> refused;
  std::map<std::string, int> refusals;
  std::vector<std::string> failures;
  // A request id is used once (the copilot refuses it again): this run's ids are its own.
  common::crypto::init_sodium();
  const std::string run = common::ids::new_uuid().substr(0, 8);
  for (const auto& q : questions) {
    const auto id = q["id"].get<std::string>();
    const auto user = q["user"].get<std::string>();
    const auto expect = q["expect"].get<std::string>();
    if (expect == "clarification") continue;
    auto body =
        testing::run_body(user, q["question"].get<std::string>(), "canon-" + run + "-" + id);
    if (q.contains("follow_up_of") &&
        conversation_of.count(q["follow_up_of"].get<std::string>()) != 0) {
      body["conversation_id"] = conversation_of[q["follow_up_of"].get<std::string>()];
    }
    const auto r = service.run(body);
    ASSERT_TRUE(r) << "copilot unreachable at " << id;
    const auto reply = json::parse(r->body, nullptr, false);
    if (r->status == 200 && reply.contains("conversation_id")) {
      conversation_of[id] = reply["conversation_id"].get<std::string>();
    }
    // (Two frozen questions that expect opposite things: eval/disagreements.json says why.)
    if (disagreements.contains(id)) continue;
    if (expect == "refusal") {
      ++refusals[user];
      const auto code = r->status == 403 ? reply["error"].value("code", "") : "";
      if (code == "policy_denied" || code == "scope_denied") {
        ++refused[user];
      } else {
        failures.push_back(id + " " + user + " NOT REFUSED (" + std::to_string(r->status) +
                           "): " + q["question"].get<std::string>());
      }
      continue;
    }
    ++asked[user];
    if (r->status != 200 || reply.value("status", "") != "ok") {
      failures.push_back(id + " " + user + " HTTP " + std::to_string(r->status) + " " +
                         reply.value("status", "") + " " + r->body.substr(0, 160));
      continue;
    }
    const auto verdict =
        testing::compare_result(gold.at(id), reply, q.value("order_matters", false));
    if (verdict.ok) {
      ++right[user];
    } else {
      failures.push_back(id + " " + user + " WRONG: " + verdict.why + " | " +
                         q["question"].get<std::string>());
    }
  }
  std::cout << "canonical questions per user (right/asked, refusals refused/total):\n";
  for (const auto& u : testing::seed_users()) {
    std::cout << "  " << u.username << ": " << right[u.username] << "/" << asked[u.username]
              << ", refusals " << refused[u.username] << "/" << refusals[u.username] << "\n";
  }
  std::cout << failures.size() << " misses:\n";
  for (const auto& f : failures) std::cout << "  " << f << "\n";
  for (const auto& u : testing::seed_users()) {
    EXPECT_GE(right[u.username], kRequiredPerUser) << u.username;
    EXPECT_EQ(refused[u.username], refusals[u.username]) << u.username << " refusals";
  }
}

}  // namespace
}  // namespace copilot
