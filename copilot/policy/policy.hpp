// copilot/policy/policy.hpp — the first stage: is this question one the role may ask at all?
//
// In:  the question text, the role, and the request's store scope (the user's stores, or the one
//      store the request narrows to).
// Out: allowed, or refused with a code (policy_denied | scope_denied), a reason and a suggested
//      question the role may ask. Every rule that decided is listed with its decision, so the
//      response's security block and the audit trail say why.
// Refuses: writes/DDL, prompt injection, app internals, customer PII (every role), payment
//      amounts (marketing), rental detail and customer details (finance), stores outside scope.
// The rules are data: versions in policy_versions, edited by admins (PUT /api/policies) and
// picked up while the copilot runs (live_policy.hpp); copilot/policy/rules.json is the seed and
// the fallback. Adding a term or a rule is an edit there, not a code change. The document is
// compiled by the shared compiler (common/policy/rules.hpp), the one the gateway validates with.
// Every pattern runs on a bounded-time engine (common/policy/bounded_regex.hpp): a question of any
// length is checked in linear time, and a search that hits its limits refuses the question (fail
// closed).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/policy/rules.hpp"
#include "copilot/core/roles.hpp"

namespace copilot::policy {

struct Decision {
  std::string rule;
  std::string decision;  // "allow" | "deny"
  std::string reason;
};

struct Outcome {
  bool allowed = true;
  std::string code;  // policy_denied | scope_denied when refused
  std::string rule;  // the rule that fired
  std::string reason;
  std::string suggestion;
  std::string matched;  // the text that fired it (for the audit trail)
  std::vector<Decision> decisions;
};

class Policy {
 public:
  // Throws common::policy::RulesError (a std::runtime_error) when the rules are malformed
  // (unknown kind, bad regex, no code, ...): see common/policy/rules.hpp.
  explicit Policy(const nlohmann::json& rules);
  static Policy from_file(const std::string& path);

  // scope: the store ids this request may read (after narrowing to store_id).
  [[nodiscard]] Outcome check(std::string_view question, Role role,
                              const std::vector<int>& scope) const;

  [[nodiscard]] const std::set<int>& known_store_ids() const { return set_.known_store_ids; }
  [[nodiscard]] size_t rule_count() const { return set_.rules.size(); }

 private:
  using Rule = common::policy::Rule;
  // The text the first of the rule's patterns matches; "undecided" when a search hit its limits.
  static std::optional<std::string> first_match(const Rule& rule, std::string_view text);

  common::policy::RuleSet set_;
};

// The document of a rules file (JSON); throws std::runtime_error when unreadable or not JSON.
nlohmann::json read_rules_file(const std::string& path);

// The store numbers a question names ("store 2", "stores 1 and 2", "store #3").
std::vector<int> stores_named(std::string_view question);
// Lower case, curly quotes straightened, whitespace collapsed.
std::string normalise(std::string_view question);

}  // namespace copilot::policy
