// common/policy/rules.hpp — the policy's rules compiler: a policy document (the JSON of
// copilot/policy/rules.json, or a version from policy_versions) → rules ready to run, or an
// error naming the rule and the field that is wrong.
//
// One compiler for both services, on purpose. The gateway validates what an admin saves
// (PUT /api/policies) by compiling it here; the copilot runs what it compiles here
// (copilot::policy::Policy). So a version the gateway accepted is one the copilot can run, and a
// rule the copilot could not compile is refused at save time with this very message. It lives
// in the shared library rather than behind an internal copilot endpoint: it is small (JSON and
// PCRE2, no planner), a save needs no copilot round trip, and the gateway never includes copilot
// sources (DESIGN.md keeps the services apart; what they share is common/).
//
// The document:
//   { "_comment"?: any, "known_store_ids"?: [positive int...], "rules": [rule...] }
//   rule: { "id": non-empty text, unique; "kind": "pattern" | "store_mention" | "store_wide";
//           "roles"?: [role name or "*"] (default every role); "code": "policy_denied" |
//           "scope_denied"; "reason": non-empty text; "suggestion"?: text, or {role or "*": text};
//           "patterns": [regex...] (pattern and store_wide: at least one; store_mention: none) }
// Keys starting with "_" are comments anywhere; any other unknown key is an error (a misspelt
// "patern" would otherwise silently drop a rule's patterns). A pattern that matches an empty
// question is refused too: it would refuse every question.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/policy/bounded_regex.hpp"

namespace common::policy {

// A policy document that does not compile; what() says which rule and field, and why.
class RulesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class RuleKind { kPattern, kStoreMention, kStoreWide };

struct Rule {
  std::string id;
  RuleKind kind = RuleKind::kPattern;
  std::set<std::string> roles;                     // empty = every role
  std::string code;                                // policy_denied | scope_denied
  std::string reason;                              // may hold {stores}
  std::map<std::string, std::string> suggestions;  // by role name, "*" = default
  std::vector<BoundedRegex> patterns;
};

struct RuleSet {
  std::vector<Rule> rules;  // in document order: the first that fires decides
  std::set<int> known_store_ids;
};

// Throws RulesError when the document is malformed.
RuleSet compile_rules(const nlohmann::json& document);

}  // namespace common::policy
