// copilot/generation/resilience.hpp — calling a model that may be slow, rate-limited or down.
//
// In:  a ChatRequest, the retry policy, the model's circuit breaker, the request's time budget.
// Out: the last ChatResponse plus one record per HTTP call (for audit), and whether the caller
//      should give up on this model (and move to the next one).
// Refuses: calls while the model's circuit is open, and waits or calls past the budget.
// Time comes from common::Clock and waits go through Sleeper, so tests run without sleeping.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/time/clock.hpp"
#include "copilot/generation/model_client.hpp"
#include "copilot/generation/model_config.hpp"

namespace copilot::generation {

// Waiting between retries (a boundary: tests record the waits instead of sleeping).
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

class ThreadSleeper final : public Sleeper {
 public:
  void sleep_for(std::chrono::milliseconds duration) override;
};

// The request's total time for the llm_generation stage.
class Budget {
 public:
  Budget(const common::Clock& clock, std::chrono::milliseconds total);
  [[nodiscard]] std::chrono::milliseconds remaining() const;
  [[nodiscard]] bool exhausted() const { return remaining() <= kMinimumCall; }
  [[nodiscard]] std::chrono::milliseconds elapsed() const;

  // Below this, starting another call is pointless.
  static constexpr std::chrono::milliseconds kMinimumCall{20};

 private:
  const common::Clock& clock_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point deadline_;
};

// Per-model breaker: closed → (N consecutive failures) → open → (cooldown) → half-open, where one
// probe call is let through: success closes, failure opens again. Shared by all requests.
class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  CircuitBreaker(const common::Clock& clock, BreakerPolicy policy);
  // May a call start now? In half-open, true for exactly one caller (the probe).
  bool allow();
  void record_success();
  void record_failure();
  [[nodiscard]] State state() const;
  [[nodiscard]] static std::string_view state_name(State state);

 private:
  const common::Clock& clock_;
  BreakerPolicy policy_;
  mutable std::mutex mutex_;
  State state_ = State::kClosed;
  int failures_ = 0;
  std::chrono::steady_clock::time_point opened_at_{};
  bool probe_in_flight_ = false;
  std::chrono::steady_clock::time_point probe_started_{};
};

class BreakerRegistry {
 public:
  BreakerRegistry(const common::Clock& clock, BreakerPolicy policy)
      : clock_(clock), policy_(policy) {}
  CircuitBreaker& for_model(const std::string& model);

 private:
  const common::Clock& clock_;
  BreakerPolicy policy_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<CircuitBreaker>> breakers_;
};

// Thread-safe jitter source (seeded: deterministic in tests).
class Jitter {
 public:
  explicit Jitter(uint64_t seed) : rng_(seed) {}
  double unit();  // uniform in [0, 1)

 private:
  std::mutex mutex_;
  std::mt19937_64 rng_;
};

// What to do after a response.
enum class Verdict {
  kSuccess,
  kRetry,       // 429, 408, 5xx, timeout, transport: same model again after a wait
  kNextModel,   // 401/402/403/404, malformed body: this model cannot answer now
  kBadRequest,  // 400/422: the request itself (e.g. response_format) was refused
};
Verdict classify(const ChatResponse& response);

// The wait before retry number `retry` (1 = the first retry): Retry-After when given (plus up to
// 10% jitter), else exponential backoff with equal jitter, capped by the policy.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry,
                                        std::optional<std::chrono::milliseconds> retry_after,
                                        Jitter& jitter);

// One HTTP call as audit sees it.
struct CallRecord {
  std::string outcome;  // ok, http_429, timeout, ..., circuit_open, budget_exhausted
  int http_status = 0;
  double latency_ms = 0;
  Usage usage;
  std::optional<std::chrono::milliseconds> retry_after;
  std::chrono::milliseconds waited{0};  // slept before this call
  std::string error;
  [[nodiscard]] nlohmann::json to_json() const;
};

struct ResilientResult {
  ChatResponse response;  // the last one
  std::vector<CallRecord> calls;
  bool give_up_model = false;  // transport-level failure: move to the next model
  std::string reason;          // why (outcome of the last failure)
};

// Calls the model with retries. Records a breaker failure when the model could not answer
// (retries exhausted, 402, 401, malformed), a success on any 2xx.
ResilientResult call_with_retries(ModelClient& client, ChatRequest request,
                                  const RetryPolicy& policy, CircuitBreaker& breaker,
                                  const Budget& budget, Sleeper& sleeper, Jitter& jitter);

}  // namespace copilot::generation
