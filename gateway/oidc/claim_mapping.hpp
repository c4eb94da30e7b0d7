// gateway/oidc/claim_mapping.hpp — from a provider's claims to our role, stores and organisation.
// In: the verified ID token's claims and the rules of oidc_claim_mappings. Out: the rule that
// applies (lowest priority, then lowest id), or none — and none means the sign-in is refused:
// there is no default role. Rules: claim "groups" matches one entry of the groups claim,
// "email_domain" the domain of an email whose email_verified is true, any other claim name a
// string (or an entry of an array of strings) equal to the rule's value.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gateway::oidc {

struct MappingRule {
  long long mapping_id = 0;
  long long org_id = 0;
  std::string claim;
  std::string value;
  std::string role;
  bool is_all_stores = false;
  std::vector<int> store_ids;
  int priority = 100;
};

std::optional<MappingRule> match_rule(const std::vector<MappingRule>& rules,
                                      const nlohmann::json& claims);

// Our username for a provider's account: its email (or preferred_username, else sub) with every
// character outside [A-Za-z0-9_.-] turned into '.', at most 64 characters; "@" becomes ".at.".
std::string username_for(const nlohmann::json& claims);

}  // namespace gateway::oidc
