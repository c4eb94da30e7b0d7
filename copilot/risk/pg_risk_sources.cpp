#include "copilot/risk/pg_risk_sources.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/db/org_transaction.hpp"
#include "common/log/log.hpp"

namespace copilot::risk {
namespace {

double max_rows(const nlohmann::json& plan) {
  double out = plan.value("Plan Rows", 0.0);
  if (const auto it = plan.find("Plans"); it != plan.end() && it->is_array()) {
    for (const auto& child : *it) {
      if (child.is_object()) out = std::max(out, max_rows(child));
    }
  }
  return out;
}

}  // namespace

PlanEstimate parse_explain_json(const std::string& text) {
  const auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_array() || doc.empty() || !doc[0].is_object() || !doc[0].contains("Plan") ||
      !doc[0]["Plan"].is_object()) {
    throw std::runtime_error("EXPLAIN gave no plan");
  }
  const auto& plan = doc[0]["Plan"];
  PlanEstimate out;
  out.total_cost = plan.value("Total Cost", 0.0);
  out.rows = plan.value("Plan Rows", 0.0);
  out.width = plan.value("Plan Width", 0);
  out.max_node_rows = max_rows(plan);
  return out;
}

PlanEstimate PgExplainProbe::explain(const std::string& sql, const std::string& shape, Role role,
                                     const std::vector<int>& store_ids) {
  const std::string key =
      std::string(role_name(role)) + '|' + execution::scope_setting(store_ids) + '|' + shape;
  if (auto hit = cache_.get(key, clock_.steady_now())) return *hit;
  // On one of the executor's pooled connections, as the role's reader in the request's scope,
  // read only, then rolled back: one round trip.
  ++explained_;
  PlanEstimate estimate = parse_explain_json(database_.explain_json({sql, role, store_ids, ""}));
  cache_.put(key, estimate, clock_.steady_now());
  return estimate;
}

Thresholds PgThresholdSource::for_role(long long org_id, Role role) {
  const std::lock_guard lock(mutex_);
  const auto now = clock_.steady_now();
  auto& org = by_org_[org_id];
  if (!org.ever_loaded || now - org.loaded >= refresh_) {
    org.loaded = now;  // a failed read is retried after `refresh` too, not on every request
    try {
      auto lease = pool_.acquire();
      common::db::OrgTransaction tx(*lease, org_id);
      std::map<std::string, Thresholds> fresh;
      for (const auto& row :
           tx.exec_params("SELECT role, medium_at, high_at, block_at FROM risk_thresholds "
                          "WHERE threshold_set = $1",
                          set_)) {
        fresh[row[0].as<std::string>()] = {row[1].as<int>(), row[2].as<int>(), row[3].as<int>()};
      }
      tx.commit();
      if (fresh.empty()) {
        common::log::warn("risk_thresholds_missing", {{"threshold_set", set_}, {"org_id", org_id}});
      }
      org.by_role = std::move(fresh);
      org.ever_loaded = true;
    } catch (const std::exception& e) {
      common::log::warn("risk_thresholds_unreadable",
                        {{"threshold_set", set_}, {"org_id", org_id}, {"what", e.what()}});
    }
  }
  const auto it = org.by_role.find(std::string(role_name(role)));
  return it == org.by_role.end() ? Thresholds{} : it->second;
}

}  // namespace copilot::risk
