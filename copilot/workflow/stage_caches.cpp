#include "copilot/workflow/stage_caches.hpp"

#include "copilot/execution/executor.hpp"

namespace copilot::workflow {

namespace {
constexpr char kSeparator = '\x1f';  // cannot appear in a role, a store list or an ISO date
}  // namespace

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
  if (auto hit = cache_.get(*key, clock_.steady_now())) {
    hit->cache_hit = true;
    return std::move(*hit);
  }
  PlanResult fresh = inner_.plan(input);
  cache_.put(*key, fresh, clock_.steady_now());
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
