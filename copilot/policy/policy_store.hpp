// copilot/policy/policy_store.hpp — the boundary to where policy versions live: the real one on
// PostgreSQL (pg_policy_store.hpp, table policy_versions), a fake in tests.
//
// A version is immutable once written; the policy in force is the one with the highest version.
// The copilot only reads versions (admins write them through the gateway), except for the seed:
// copilot/policy/rules.json becomes a version when the store holds none.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace copilot::policy {

struct PolicyVersion {
  long long version = 0;
  nlohmann::json rules;  // the document (common/policy/rules.hpp)
  std::string source;    // "file" (seeded from rules.json) | "api" (saved by an admin)
};

class PolicyStore {
 public:
  virtual ~PolicyStore() = default;
  // The newest version when it is newer than `known`; nullopt when there is none newer (or no
  // version at all). Throws when the store cannot be read.
  virtual std::optional<PolicyVersion> newer_than(long long known) = 0;
  // Writes `rules` (the rules file's document) as a new version, source "file", when the store
  // holds no version, or when the policy in force is still the one last seeded from the file
  // (no admin changed it since) and the file now says something else. Returns the version
  // written, nullopt when none was. Throws when the store cannot be read or written.
  virtual std::optional<long long> seed_from_file(const nlohmann::json& rules,
                                                  const std::string& comment) = 0;
};

}  // namespace copilot::policy
