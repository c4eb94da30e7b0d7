// gateway/policies/policies.hpp — the policy's versions as admins see and edit them (issue 14).
//
// Versions live in policy_versions (append-only): the policy in force is the highest version,
// and the copilot polls for it (copilot/policy/live_policy.hpp). A save is validated first with
// the compiler the copilot runs (common/policy/rules.hpp): a document that does not compile is
// refused with the compiler's message, so the copilot never meets one. Saves are optimistic: the
// admin says which version they edited (base_version); when another save came first, the save
// is refused (409) and nothing is written — the second of two admins must look at the new
// version before saving over it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"

namespace gateway::policies {

inline constexpr size_t kMaxCommentBytes = 2000;

// PUT /api/policies {rules, comment?, base_version}, validated.
struct SaveRequest {
  nlohmann::json rules;  // the document, compiled once here
  std::string comment;
  long long base_version = 0;
};

// The body's fields, and the rules compiled. `rules` is the document, or a string holding the
// document's JSON text (what an editor holds: its syntax errors are reported with their line and
// column). Throws Error 422 invalid_field naming the field: rules missing, not JSON, holding a
// NUL character (the database cannot store one), or not compiling (the compiler's message);
// comment not a string or over 2000 bytes; base_version not an integer >= 0.
SaveRequest parse_save_request(const nlohmann::json& body);

// The version in force: {version, rules, source, comment, created_at, created_by: {user_id,
// username} | null}; nullopt when there is none yet (the copilot seeds one when it starts).
std::optional<nlohmann::json> active(common::db::ConnectionPool& pool, common::db::OrgId org);
// One version, as active() shows it; nullopt when there is no such version.
std::optional<nlohmann::json> version(common::db::ConnectionPool& pool, common::db::OrgId org,
                                      long long number);
// {versions: [{version, source, comment, created_at, created_by, rule_count}], current}: the
// newest `limit` versions, newest first, without their documents.
nlohmann::json list(common::db::ConnectionPool& pool, common::db::OrgId org, int limit);

struct Saved {
  nlohmann::json version;       // the new version, as active() shows it
  long long before = 0;         // the version it replaced (0: none)
  nlohmann::json before_rules;  // that version's document (null when none)
};

// Writes request.rules as version base_version + 1, by the admin. Throws Error 409 conflict
// (with current_version) when base_version is not the version in force, also when another save
// of the same base commits first.
Saved save(common::db::ConnectionPool& pool, common::db::OrgId org, const SaveRequest& request,
           long long user_id, const std::string& username);

}  // namespace gateway::policies
