#include "copilot/policy/pg_policy_store.hpp"

#include "common/log/log.hpp"

namespace copilot::policy {

std::optional<PolicyVersion> PgPolicyStore::newer_than(long long known) {
  auto lease = pool_.acquire();
  common::db::OrgTransaction tx(*lease, org_);
  // The primary key's index answers this with one row: cheap enough to ask every few seconds.
  const auto rows = tx.exec_params(
      "SELECT version, rules::text, source FROM policy_versions WHERE version > $1 "
      "ORDER BY version DESC LIMIT 1",
      known);
  tx.commit();
  if (rows.empty()) return std::nullopt;
  PolicyVersion out;
  out.version = rows[0][0].as<long long>();
  out.rules = nlohmann::json::parse(rows[0][1].c_str(), nullptr, /*allow_exceptions=*/false);
  out.source = rows[0][2].as<std::string>();
  return out;
}

std::optional<long long> PgPolicyStore::seed_from_file(const nlohmann::json& rules,
                                                       const std::string& comment) {
  auto lease = pool_.acquire();
  common::db::OrgTransaction tx(*lease, org_);
  // One statement: the version is the newest + 1, and the primary key settles a race between
  // copilots starting together (the loser writes nothing).
  const auto written = tx.exec_params(
      "WITH newest AS (SELECT version, rules FROM policy_versions ORDER BY version DESC LIMIT 1), "
      "     seeded AS (SELECT rules FROM policy_versions WHERE source = 'file' "
      "                ORDER BY version DESC LIMIT 1) "
      "INSERT INTO policy_versions (version, rules, source, comment) "
      "SELECT coalesce((SELECT version FROM newest), 0) + 1, $1::jsonb, 'file', $2 "
      "WHERE NOT EXISTS (SELECT 1 FROM newest) "
      "   OR ((SELECT rules FROM newest) = (SELECT rules FROM seeded) "
      "       AND (SELECT rules FROM newest) <> $1::jsonb) "
      "ON CONFLICT (org_id, version) DO NOTHING RETURNING version",
      rules.dump(), comment);
  std::optional<long long> out;
  if (!written.empty()) {
    out = written[0][0].as<long long>();
  } else {
    const auto differs = tx.exec_params(
        "SELECT version FROM policy_versions WHERE rules <> $1::jsonb "
        "AND version = (SELECT max(version) FROM policy_versions)",
        rules.dump());
    if (!differs.empty()) {
      common::log::warn("policy_file_not_applied",
                        {{"org_id", org_},
                         {"version_in_force", differs[0][0].as<long long>()},
                         {"reason",
                          "an admin changed the policy since the rules file was last seeded: the "
                          "database's version stays in force"}});
    }
  }
  tx.commit();
  return out;
}

}  // namespace copilot::policy
