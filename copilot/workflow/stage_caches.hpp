// copilot/workflow/stage_caches.hpp — caches in front of the planning and validation stages.
//
// Both stages are pure functions of their inputs and are most of the CPU an answer costs once its
// rows are cached (a repeated question: suggestion chips, dashboards, retries). So:
// - a plan is kept per exact question, role, scope, user's stores and as-of date — only for a
//   question that starts a conversation (a follow-up depends on the turns before it);
// - a guardrail verdict is kept per role and exact SQL text.
// Entries expire (TTL) and the oldest go first beyond the capacity; capacity 0 turns a cache off.
// A hit is marked (cache_hit) so the audit trail shows which answers were not recomputed.
// A plan is kept as CBOR bytes, not as its JSON trees: a tree of small heap nodes weighs ~5 KB, its
// CBOR ~0.8 KB, and a full cache of 1,024 plans was most of the copilot's RSS growth in a soak
// (README, "make soak"); decoding one on a hit costs microseconds, planning it again ~0.3 ms.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/cache/expiring_lru.hpp"
#include "common/time/clock.hpp"
#include "copilot/workflow/stages.hpp"

namespace copilot::workflow {

struct StageCacheOptions {
  size_t capacity = 1024;
  std::chrono::seconds ttl{300};
};

class CachingPlanning final : public PlanningStage {
 public:
  CachingPlanning(PlanningStage& inner, const common::Clock& clock, StageCacheOptions options = {})
      : inner_(inner), clock_(clock), cache_(options.capacity, options.ttl) {}
  PlanResult plan(const PlanInput& input) override;
  // The cache key, or nothing when the plan depends on the conversation so far.
  static std::optional<std::string> key_of(const PlanInput& input);
  // The bytes a plan is kept as, and the plan they hold (every field, cache_hit as it was).
  static std::vector<std::uint8_t> encode(const PlanResult& plan);
  static PlanResult decode(const std::vector<std::uint8_t>& bytes);

 private:
  PlanningStage& inner_;
  const common::Clock& clock_;
  common::cache::ExpiringLru<std::vector<std::uint8_t>> cache_;
};

class CachingValidation final : public ValidationStage {
 public:
  CachingValidation(ValidationStage& inner, const common::Clock& clock,
                    StageCacheOptions options = {})
      : inner_(inner), clock_(clock), cache_(options.capacity, options.ttl) {}
  ValidationResult validate(std::string_view sql, Role role) override;

 private:
  ValidationStage& inner_;
  const common::Clock& clock_;
  common::cache::ExpiringLru<ValidationResult> cache_;
};

}  // namespace copilot::workflow
