#include "copilot/policy/policy.hpp"

#include "copilot/planning/lexicon.hpp"
#include "copilot/planning/normalize.hpp"
#include "copilot/planning/stores.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace copilot::policy {
namespace {

using common::policy::BoundedRegex;
using common::policy::RuleKind;

// What the audit shows as "matched" when a search stopped at its limits.
constexpr std::string_view kUndecided = "(not decidable within the search limits)";

std::string scope_text(const std::vector<int>& scope) {
  if (scope.empty()) return "no store";
  std::string out = scope.size() == 1 ? "store " : "stores ";
  for (size_t i = 0; i < scope.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(scope[i]);
  }
  return out;
}

std::string fill(std::string text, const std::vector<int>& scope) {
  const std::string key = "{stores}";
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key)) {
    text.replace(at, key.size(), scope_text(scope));
  }
  return text;
}

}  // namespace

std::string normalise(std::string_view raw) {
  // Digits of every script, fullwidth letters, typographic quotes and invisible characters
  // folded first (planning/normalize.hpp), so no rule is dodged by writing "store ٢".
  const std::string folded = planning::fold_text(raw);
  const std::string_view question = folded;
  std::string out;
  out.reserve(question.size());
  bool space = false;
  for (size_t i = 0; i < question.size(); ++i) {
    const auto c = static_cast<unsigned char>(question[i]);
    // U+2018 / U+2019 (‘ ’) → '
    if (c == 0xE2 && i + 2 < question.size() &&
        static_cast<unsigned char>(question[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(question[i + 2]) == 0x98 ||
         static_cast<unsigned char>(question[i + 2]) == 0x99)) {
      out.push_back('\'');
      i += 2;
      space = false;
      continue;
    }
    if (std::isspace(c) != 0) {
      if (!space && !out.empty()) out.push_back(' ');
      space = true;
      continue;
    }
    space = false;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<int> stores_named(std::string_view question) {
  // The planner's own store reader: "store 2", "store two", "store ٢", "the second store", ...
  const auto tokens = planning::tokenize(std::string(question));
  std::vector<bool> used(tokens.size(), false);
  auto out = planning::find_stores(tokens, used).ids;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Policy::Policy(const nlohmann::json& rules) : set_(common::policy::compile_rules(rules)) {}

nlohmann::json read_rules_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read policy rules " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto parsed = nlohmann::json::parse(buffer.str(), nullptr, false);
  if (parsed.is_discarded()) throw std::runtime_error("policy rules " + path + " are not JSON");
  return parsed;
}

Policy Policy::from_file(const std::string& path) { return Policy(read_rules_file(path)); }

std::optional<std::string> Policy::first_match(const Rule& rule, std::string_view text) {
  for (const auto& pattern : rule.patterns) {
    const auto found = pattern.search(text);
    if (found.outcome == BoundedRegex::Outcome::kMatch) {
      return std::string(text.substr(found.match.start, found.match.length));
    }
    // A search that gave up cannot clear the question: the rule refuses it (fail closed).
    if (found.outcome == BoundedRegex::Outcome::kLimitExceeded) return std::string(kUndecided);
  }
  return std::nullopt;
}

Outcome Policy::check(std::string_view question, Role role, const std::vector<int>& scope) const {
  const std::string text = normalise(question);
  const std::string role_text(role_name(role));
  Outcome out;
  const auto deny = [&](const Rule& rule, std::string matched) {
    out.allowed = false;
    out.code = rule.code;
    out.rule = rule.id;
    out.reason = fill(rule.reason, scope);
    const auto own = rule.suggestions.find(role_text);
    const auto fallback = rule.suggestions.find("*");
    out.suggestion = own != rule.suggestions.end()        ? own->second
                     : fallback != rule.suggestions.end() ? fallback->second
                                                          : std::string();
    out.matched = std::move(matched);
    out.decisions.push_back({rule.id, "deny", out.reason});
  };
  // A question outside the data ("convert 50 euros to dollars") is declined as such by the
  // planner; a role's restrictions do not apply to it (rules for every role still do).
  // The planner's words, once (tokenizing is most of the cost of a long question).
  const auto tokens = planning::tokenize(text);
  const bool off_topic = planning::names_out_of_domain(tokens);
  for (const auto& rule : set_.rules) {
    if (!rule.roles.empty() && rule.roles.count(role_text) == 0) continue;
    if (!rule.roles.empty() && off_topic) {
      out.decisions.push_back({rule.id, "skip", "out of domain: declined by the planner"});
      continue;
    }
    switch (rule.kind) {
      case RuleKind::kPattern:
        if (auto matched = first_match(rule, text)) {
          deny(rule, *matched);
          return out;
        }
        break;
      case RuleKind::kStoreMention: {
        // The planner's store reader, once: "the other store", "both stores" from a user with
        // one store in scope, and every store number named.
        std::vector<bool> used(tokens.size(), false);
        const auto mentions = planning::find_stores(tokens, used);
        if ((mentions.other || mentions.both) && scope.size() <= 1) {
          deny(rule, mentions.other ? "the other store" : "both stores");
          return out;
        }
        std::vector<int> named = mentions.ids;
        std::sort(named.begin(), named.end());
        named.erase(std::unique(named.begin(), named.end()), named.end());
        for (int store : named) {
          if (std::find(scope.begin(), scope.end(), store) == scope.end()) {
            deny(rule, "store " + std::to_string(store));
            return out;
          }
        }
        if (!named.empty()) {
          out.decisions.push_back(
              {rule.id, "allow", "the stores named are within " + scope_text(scope)});
        }
        break;
      }
      case RuleKind::kStoreWide: {
        const bool covers_all = std::all_of(
            set_.known_store_ids.begin(), set_.known_store_ids.end(),
            [&](int s) { return std::find(scope.begin(), scope.end(), s) != scope.end(); });
        if (covers_all) break;
        if (auto matched = first_match(rule, text)) {
          deny(rule, *matched);
          return out;
        }
        break;
      }
    }
  }
  out.decisions.push_back(
      {"role_rules", "allow", "no rule for role " + role_text + " refuses this question"});
  return out;
}

}  // namespace copilot::policy
