// copilot/policy/pg_policy_store.hpp — policy versions in PostgreSQL (policy_versions, through
// the app database; the app role may read and insert versions, never change one).
//
// Why the copilot seeds the table from rules.json, and not scripts/setup: the copilot is the one
// process that already reads that file (POLICY_RULES_PATH) and compiles it, so the seed is
// exactly what it would otherwise run, and a file that does not compile never becomes a version.
// It holds for every way a database comes to exist (scripts/setup, an operator running dbmate, a
// restored dump, a test database), where a setup step would leave an empty table — and a
// gateway with nothing to show or to edit against — whenever it was skipped. The insert is one
// statement keyed on the version, so several copilots starting at once write one seed.
//
// A changed rules.json is seeded again (a new version) only while nobody has changed the policy
// since the last seed: the rules in force equal those last seeded from the file. Once an admin
// has saved something else, the database is the source and the file is not applied over it (a
// warning says they differ).
//
// One store per organisation: each has its own version history (policy_versions.org_id), read
// and written in transactions scoped to it (common/db/org_transaction.hpp).
#pragma once

#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"
#include "copilot/policy/policy_store.hpp"

namespace copilot::policy {

class PgPolicyStore final : public PolicyStore {
 public:
  PgPolicyStore(common::db::ConnectionPool& pool, common::db::OrgId org) : pool_(pool), org_(org) {}
  std::optional<PolicyVersion> newer_than(long long known) override;
  std::optional<long long> seed_from_file(const nlohmann::json& rules,
                                          const std::string& comment) override;

 private:
  common::db::ConnectionPool& pool_;
  common::db::OrgId org_;
};

}  // namespace copilot::policy
