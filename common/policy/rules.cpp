#include "common/policy/rules.hpp"

#include <climits>

#include "common/roles/roles.hpp"

namespace common::policy {
namespace {

using nlohmann::json;

bool is_comment(const std::string& key) { return !key.empty() && key[0] == '_'; }

// "rules[3] (customer_pii)": where an error is, as an admin finds it in the document.
std::string where(size_t index, const std::string& id) {
  std::string out = "rules[" + std::to_string(index) + "]";
  if (!id.empty()) out += " (" + id + ")";
  return out;
}

std::string text_field(const json& rule, const char* name, const std::string& at, bool required) {
  const auto it = rule.find(name);
  if (it == rule.end()) {
    if (required) throw RulesError(at + ": '" + name + "' is missing");
    return "";
  }
  if (!it->is_string() || it->get<std::string>().empty()) {
    throw RulesError(at + ": '" + name + "' must be a non-empty string");
  }
  return it->get<std::string>();
}

// A role name of the role matrix, or "*" when `star` allows it.
bool known_role(const std::string& name, bool star) {
  return (star && name == "*") || common::parse_role(name).has_value();
}

RuleKind kind_of(const std::string& kind, const std::string& at) {
  if (kind == "pattern") return RuleKind::kPattern;
  if (kind == "store_mention") return RuleKind::kStoreMention;
  if (kind == "store_wide") return RuleKind::kStoreWide;
  throw RulesError(at + ": unknown kind '" + kind +
                   "' (expected pattern, store_mention or store_wide)");
}

void read_roles(const json& r, Rule& rule, const std::string& at) {
  const auto it = r.find("roles");
  if (it == r.end()) return;  // every role
  if (!it->is_array() || it->empty()) {
    throw RulesError(at + ": 'roles' must be a non-empty array of role names or \"*\"");
  }
  bool every = false;
  for (const auto& role : *it) {
    if (!role.is_string() || !known_role(role.get<std::string>(), true)) {
      throw RulesError(at + ": unknown role " + role.dump() +
                       " (expected admin, store_manager, marketing, finance or \"*\")");
    }
    if (role.get<std::string>() == "*") {
      every = true;
    } else {
      rule.roles.insert(role.get<std::string>());
    }
  }
  if (every) rule.roles.clear();
}

void read_suggestions(const json& r, Rule& rule, const std::string& at) {
  const auto it = r.find("suggestion");
  if (it == r.end()) return;
  if (it->is_string()) {
    rule.suggestions["*"] = it->get<std::string>();
    return;
  }
  if (!it->is_object()) {
    throw RulesError(at + ": 'suggestion' must be a string or an object of strings by role");
  }
  for (const auto& [key, text] : it->items()) {
    if (is_comment(key)) continue;
    if (!known_role(key, true))
      throw RulesError(at + ": suggestion for unknown role '" + key + "'");
    if (!text.is_string()) throw RulesError(at + ": suggestion for '" + key + "' must be a string");
    rule.suggestions[key] = text.get<std::string>();
  }
}

void read_patterns(const json& r, Rule& rule, const std::string& at) {
  const auto it = r.find("patterns");
  if (rule.kind == RuleKind::kStoreMention) {
    if (it != r.end()) {
      throw RulesError(at + ": a store_mention rule takes no 'patterns' (it reads store numbers)");
    }
    return;
  }
  if (it == r.end() || !it->is_array() || it->empty()) {
    throw RulesError(at + ": 'patterns' must be a non-empty array of regular expressions");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& p = (*it)[i];
    const std::string name = "patterns[" + std::to_string(i) + "]";
    if (!p.is_string() || p.get<std::string>().empty()) {
      throw RulesError(at + ": " + name + " must be a non-empty string");
    }
    const auto text = p.get<std::string>();
    try {
      rule.patterns.emplace_back(text);
    } catch (const std::runtime_error& e) {
      throw RulesError(at + ": " + name + " " + json(text).dump() +
                       " does not compile: " + e.what());
    }
    // Questions are matched after normalising (never empty when asked), but a pattern that
    // matches nothing at all matches everywhere.
    if (rule.patterns.back().search("").outcome != BoundedRegex::Outcome::kNoMatch) {
      throw RulesError(at + ": " + name + " " + json(text).dump() +
                       " matches an empty text, so it would refuse every question");
    }
  }
}

Rule compile_rule(const json& r, size_t index, std::set<std::string>& ids) {
  if (!r.is_object()) throw RulesError(where(index, "") + ": a rule must be an object");
  // The id first, so every later message names the rule.
  const std::string id = text_field(r, "id", where(index, ""), true);
  const std::string at = where(index, id);
  if (!ids.insert(id).second) throw RulesError(at + ": the id is used by an earlier rule");
  for (const auto& [key, value] : r.items()) {
    static const std::set<std::string> kKeys = {"id",     "kind",       "roles",   "code",
                                                "reason", "suggestion", "patterns"};
    if (!is_comment(key) && kKeys.count(key) == 0) {
      throw RulesError(at + ": unknown field '" + key + "'");
    }
  }
  Rule rule;
  rule.id = id;
  rule.kind = kind_of(text_field(r, "kind", at, true), at);
  read_roles(r, rule, at);
  rule.code = text_field(r, "code", at, true);
  if (rule.code != "policy_denied" && rule.code != "scope_denied") {
    throw RulesError(at + ": 'code' must be policy_denied or scope_denied");
  }
  rule.reason = text_field(r, "reason", at, true);
  read_suggestions(r, rule, at);
  read_patterns(r, rule, at);
  return rule;
}

}  // namespace

RuleSet compile_rules(const json& document) {
  if (!document.is_object()) throw RulesError("the policy must be a JSON object");
  for (const auto& [key, value] : document.items()) {
    if (!is_comment(key) && key != "rules" && key != "known_store_ids") {
      throw RulesError("unknown top-level field '" + key + "' (expected rules, known_store_ids)");
    }
  }
  const auto rules = document.find("rules");
  if (rules == document.end() || !rules->is_array()) {
    throw RulesError("the policy must have a 'rules' array");
  }
  RuleSet out;
  if (const auto stores = document.find("known_store_ids"); stores != document.end()) {
    if (!stores->is_array()) throw RulesError("'known_store_ids' must be an array of store ids");
    for (const auto& id : *stores) {
      if (!id.is_number_integer() || id.get<long long>() < 1 || id.get<long long>() > INT_MAX) {
        throw RulesError("'known_store_ids' holds " + id.dump() + ", not a store id");
      }
      out.known_store_ids.insert(static_cast<int>(id.get<long long>()));
    }
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < rules->size(); ++i) out.rules.push_back(compile_rule((*rules)[i], i, ids));
  return out;
}

}  // namespace common::policy
