// The policy's rules compiler (the gateway validates with it, the copilot runs what it builds)
// and its bounded-time regex engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "common/policy/bounded_regex.hpp"
#include "common/policy/rules.hpp"

namespace {

using common::policy::BoundedRegex;
using common::policy::compile_rules;
using common::policy::RuleKind;
using common::policy::RulesError;
using nlohmann::json;

json seed_rules() {
  std::ifstream in("copilot/policy/rules.json");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

json one_rule(const json& rule) { return {{"rules", json::array({rule})}}; }

json pattern_rule() {
  return {{"id", "blocked_topic"},
          {"kind", "pattern"},
          {"roles", {"marketing"}},
          {"code", "policy_denied"},
          {"reason", "Not a topic for marketing."},
          {"suggestion", "How many rentals did we have last month?"},
          {"patterns", {"\\bcompetitors?\\b"}}};
}

// The message of the RulesError compiling `document` throws ("" when it compiles).
std::string error_of(const json& document) {
  try {
    (void)compile_rules(document);
  } catch (const RulesError& e) {
    return e.what();
  }
  return "";
}

TEST(PolicyRules, TheSeedFileCompiles) {
  const auto set = compile_rules(seed_rules());
  EXPECT_EQ(set.rules.size(), 9U);
  EXPECT_EQ(set.known_store_ids, (std::set<int>{1, 2}));
  EXPECT_EQ(set.rules.front().id, "write_intent");
  EXPECT_TRUE(set.rules.front().roles.empty());  // "*": every role
  EXPECT_EQ(set.rules[4].roles, (std::set<std::string>{"marketing"}));
  EXPECT_EQ(set.rules[7].kind, RuleKind::kStoreMention);
  EXPECT_EQ(set.rules[3].suggestions.at("finance"), "Which 5 customer ids paid us the most?");
}

TEST(PolicyRules, ARuleAddedByAnAdminCompiles) {
  auto doc = seed_rules();
  doc["rules"].push_back(pattern_rule());
  const auto set = compile_rules(doc);
  ASSERT_EQ(set.rules.size(), 10U);
  const auto& added = set.rules.back();
  EXPECT_EQ(added.suggestions.at("*"), "How many rentals did we have last month?");
  ASSERT_EQ(added.patterns.size(), 1U);
  EXPECT_EQ(added.patterns[0].search("who are our competitors").outcome,
            BoundedRegex::Outcome::kMatch);
}

TEST(PolicyRules, ABadRegexIsRefusedWithTheRuleThePatternAndPcresReason) {
  auto rule = pattern_rule();
  rule["patterns"] = {"\\bok\\b", "(unclosed"};
  const auto message = error_of(one_rule(rule));
  EXPECT_NE(message.find("rules[0] (blocked_topic)"), std::string::npos) << message;
  EXPECT_NE(message.find("patterns[1] \"(unclosed\" does not compile"), std::string::npos)
      << message;
  EXPECT_NE(message.find("missing closing parenthesis"), std::string::npos) << message;
}

TEST(PolicyRules, MalformedDocumentsAreRefusedWithTheirReason) {
  const auto with = [](const char* key, const json& value) {
    auto rule = pattern_rule();
    rule[key] = value;
    return one_rule(rule);
  };
  auto without_patterns = pattern_rule();
  without_patterns.erase("patterns");
  auto without_id = pattern_rule();
  without_id.erase("id");
  const std::vector<std::pair<json, std::string>> cases = {
      {json::array(), "must be a JSON object"},
      {json("rules"), "must be a JSON object"},
      {json::object(), "'rules' array"},
      {{{"rules", json::object()}}, "'rules' array"},
      {{{"rules", json::array()}, {"rulez", 1}}, "unknown top-level field 'rulez'"},
      {{{"rules", json::array()}, {"known_store_ids", {1, "2"}}}, "not a store id"},
      {{{"rules", json::array()}, {"known_store_ids", {0}}}, "not a store id"},
      {{{"rules", {1}}}, "rules[0]: a rule must be an object"},
      {one_rule(without_id), "rules[0]: 'id' is missing"},
      {with("id", 7), "'id' must be a non-empty string"},
      {with("kind", "keyword"), "unknown kind 'keyword'"},
      {with("roles", {"cashier"}), "unknown role \"cashier\""},
      {with("roles", json::array()), "'roles' must be a non-empty array"},
      {with("code", "denied"), "'code' must be policy_denied or scope_denied"},
      {with("reason", ""), "'reason' must be a non-empty string"},
      {with("suggestion", 3), "'suggestion' must be a string or an object"},
      {with("suggestion", {{"cashier", "x"}}), "suggestion for unknown role 'cashier'"},
      {with("patterns", json::array()), "'patterns' must be a non-empty array"},
      {with("patterns", {"ok", 5}), "patterns[1] must be a non-empty string"},
      {with("patern", {"x"}), "unknown field 'patern'"},
      {one_rule(without_patterns), "'patterns' must be a non-empty array"},
      {with("patterns", {"x?"}), "matches an empty text, so it would refuse every question"},
      {with("kind", "store_mention"), "a store_mention rule takes no 'patterns'"},
  };
  for (const auto& [document, expected] : cases) {
    const auto message = error_of(document);
    EXPECT_NE(message.find(expected), std::string::npos)
        << document.dump() << " → '" << message << "', expected '" << expected << "'";
  }
  // Two rules with one id: the second is named.
  const auto twice = json{{"rules", {pattern_rule(), pattern_rule()}}};
  EXPECT_NE(error_of(twice).find("rules[1] (blocked_topic): the id is used"), std::string::npos);
}

TEST(PolicyRules, CommentsAreAllowedAnywhere) {
  auto rule = pattern_rule();
  rule["_why"] = "asked by legal";
  rule["suggestion"] = {{"*", "How many rentals?"}, {"_note", 1}};
  auto doc = one_rule(rule);
  doc["_comment"] = {"anything"};
  EXPECT_EQ(error_of(doc), "");
}

TEST(PolicyRules, AStarAmongRolesMeansEveryRole) {
  auto rule = pattern_rule();
  rule["roles"] = {"marketing", "*"};
  EXPECT_TRUE(compile_rules(one_rule(rule)).rules[0].roles.empty());
}

std::string repeated(const std::string& piece, size_t size) {
  std::string out;
  while (out.size() < size) out += piece;
  out.resize(size);
  return out;
}

TEST(BoundedRegex, CatastrophicPatternStopsAtItsLimit) {
  const BoundedRegex pattern("^(a|aa)+$");
  const std::string text = repeated("a", 64) + "b";
  BoundedRegex::Result result;
  double best = 1e9;  // the best of five: a busy machine's lost time slice is not the search's
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    result = pattern.search(text);
    best = std::min(
        best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count());
  }
  EXPECT_LT(best, 50.0);
  EXPECT_EQ(result.outcome, BoundedRegex::Outcome::kLimitExceeded);
  EXPECT_EQ(BoundedRegex("b$").search(text).match.start, 64U);
  EXPECT_THROW(BoundedRegex("(unclosed"), std::runtime_error);
}

}  // namespace
