#include "copilot/workflow/stage_caches.hpp"

#include "copilot/execution/executor.hpp"

namespace copilot::workflow {

namespace {
constexpr char kSeparator = '\x1f';  // cannot appear in a role, a store list or an ISO date
}  // namespace

NLOHMANN_JSON_SERIALIZE_ENUM(PlanResult::Status,
                             {{PlanResult::Status::kOk, "ok"},
                              {PlanResult::Status::kNeedsClarification, "needs_clarification"},
                              {PlanResult::Status::kRefused, "refused"}})

// Every field: a field added to PlanResult and not here would come back empty from a cache hit
// (StageCaches.ACachedPlanComesBackWithEveryField fills each one).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PlanResult, status, intent, semantic_query, views_used, filters,
                                   time_range, clarification, refusal_code, refusal_reason,
                                   suggestion, metric_label, metric_format, metric_kind,
                                   also_measures, cache_hit, understood, not_understood, partial,
                                   out_of_domain, money_without_cents)

std::vector<std::uint8_t> CachingPlanning::encode(const PlanResult& plan) {
  return nlohmann::json::to_cbor(nlohmann::json(plan));
}

PlanResult CachingPlanning::decode(const std::vector<std::uint8_t>& bytes) {
  return nlohmann::json::from_cbor(bytes).get<PlanResult>();
}

std::optional<std::string> CachingPlanning::key_of(const PlanInput& input) {
  if (!input.history.empty() || !input.previous.is_null()) return std::nullopt;
  std::string key(role_name(input.role));
  key += kSeparator;
  key += execution::scope_setting(input.store_ids);
  key += kSeparator;
  key += execution::scope_setting(input.user_store_ids);
  key += kSeparator;
  key += input.as_of;
  key += kSeparator;
  key += input.question;
  return key;
}

PlanResult CachingPlanning::plan(const PlanInput& input) {
  const auto key = key_of(input);
  if (!key) return inner_.plan(input);
  if (const auto hit = cache_.get(*key, clock_.steady_now())) {
    PlanResult cached = decode(*hit);
    cached.cache_hit = true;
    return cached;
  }
  PlanResult fresh = inner_.plan(input);
  cache_.put(*key, encode(fresh), clock_.steady_now());
  return fresh;
}

ValidationResult CachingValidation::validate(std::string_view sql, Role role) {
  std::string key(role_name(role));
  key += kSeparator;
  key.append(sql);
  if (auto hit = cache_.get(key, clock_.steady_now())) {
    hit->cache_hit = true;
    return std::move(*hit);
  }
  ValidationResult fresh = inner_.validate(sql, role);
  cache_.put(key, fresh, clock_.steady_now());
  return fresh;
}

}  // namespace copilot::workflow
