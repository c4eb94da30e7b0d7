#include "gateway/oidc/claim_mapping.hpp"

#include <algorithm>
#include <cctype>

namespace gateway::oidc {
namespace {

using nlohmann::json;

bool holds_value(const json& claim, const std::string& value) {
  if (claim.is_string()) return claim.get_ref<const std::string&>() == value;
  if (claim.is_array()) {
    return std::any_of(claim.begin(), claim.end(), [&](const json& item) {
      return item.is_string() && item.get_ref<const std::string&>() == value;
    });
  }
  return false;
}

std::optional<std::string> verified_email_domain(const json& claims) {
  const auto email = claims.find("email");
  const auto verified = claims.find("email_verified");
  if (email == claims.end() || !email->is_string()) return std::nullopt;
  if (verified == claims.end() || !verified->is_boolean() || !verified->get<bool>()) {
    return std::nullopt;
  }
  const std::string& text = email->get_ref<const std::string&>();
  const size_t at = text.rfind('@');
  if (at == std::string::npos || at + 1 >= text.size()) return std::nullopt;
  std::string domain = text.substr(at + 1);
  std::transform(domain.begin(), domain.end(), domain.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return domain;
}

bool matches(const MappingRule& rule, const json& claims) {
  if (rule.claim == "email_domain") {
    const auto domain = verified_email_domain(claims);
    return domain && *domain == rule.value;
  }
  const auto it = claims.find(rule.claim);
  return it != claims.end() && holds_value(*it, rule.value);
}

}  // namespace

std::optional<MappingRule> match_rule(const std::vector<MappingRule>& rules, const json& claims) {
  if (!claims.is_object()) return std::nullopt;
  const MappingRule* best = nullptr;
  for (const auto& rule : rules) {
    if (!matches(rule, claims)) continue;
    if (best == nullptr || rule.priority < best->priority ||
        (rule.priority == best->priority && rule.mapping_id < best->mapping_id)) {
      best = &rule;
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

std::string username_for(const json& claims) {
  std::string source;
  for (const char* name : {"email", "preferred_username", "sub"}) {
    const auto it = claims.find(name);
    if (it != claims.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      source = it->get<std::string>();
      break;
    }
  }
  std::string out;
  for (const char ch : source) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '@') {
      out += ".at.";
    } else if (std::isalnum(c) != 0 || ch == '_' || ch == '.' || ch == '-') {
      out.push_back(ch);
    } else {
      out.push_back('.');
    }
  }
  if (out.size() > 64) out.resize(64);
  return out;
}

}  // namespace gateway::oidc
