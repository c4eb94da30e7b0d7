#include "copilot/generation/resilience.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

namespace copilot::generation {

using std::chrono::milliseconds;

void ThreadSleeper::sleep_for(milliseconds duration) {
  if (duration.count() > 0) std::this_thread::sleep_for(duration);
}

Budget::Budget(const common::Clock& clock, milliseconds total)
    : clock_(clock), start_(clock.steady_now()), deadline_(start_ + total) {}

milliseconds Budget::remaining() const {
  auto left = std::chrono::duration_cast<milliseconds>(deadline_ - clock_.steady_now());
  return std::max(left, milliseconds(0));
}

milliseconds Budget::elapsed() const {
  return std::chrono::duration_cast<milliseconds>(clock_.steady_now() - start_);
}

CircuitBreaker::CircuitBreaker(const common::Clock& clock, BreakerPolicy policy)
    : clock_(clock), policy_(policy) {}

bool CircuitBreaker::allow() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.steady_now();
  switch (state_) {
    case State::kClosed:
      return true;
    case State::kOpen:
      if (now - opened_at_ < policy_.cooldown) return false;
      state_ = State::kHalfOpen;
      probe_in_flight_ = true;
      probe_started_ = now;
      return true;
    case State::kHalfOpen:
      // One probe at a time; a probe whose caller vanished is replaced after another cooldown.
      if (probe_in_flight_ && now - probe_started_ < policy_.cooldown) return false;
      probe_in_flight_ = true;
      probe_started_ = now;
      return true;
  }
  return false;
}

void CircuitBreaker::record_success() {
  std::lock_guard lock(mutex_);
  state_ = State::kClosed;
  failures_ = 0;
  probe_in_flight_ = false;
}

void CircuitBreaker::record_failure() {
  std::lock_guard lock(mutex_);
  probe_in_flight_ = false;
  if (state_ == State::kHalfOpen) {
    state_ = State::kOpen;
    opened_at_ = clock_.steady_now();
    return;
  }
  if (++failures_ >= policy_.failure_threshold && state_ == State::kClosed) {
    state_ = State::kOpen;
    opened_at_ = clock_.steady_now();
  }
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::string_view CircuitBreaker::state_name(State state) {
  switch (state) {
    case State::kClosed:
      return "closed";
    case State::kOpen:
      return "open";
    case State::kHalfOpen:
      return "half_open";
  }
  return "unknown";
}

CircuitBreaker& BreakerRegistry::for_model(const std::string& model) {
  std::lock_guard lock(mutex_);
  auto& slot = breakers_[model];
  if (!slot) slot = std::make_unique<CircuitBreaker>(clock_, policy_);
  return *slot;
}

double Jitter::unit() {
  std::lock_guard lock(mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

Verdict classify(const ChatResponse& response) {
  using Status = ChatResponse::Status;
  switch (response.status) {
    case Status::kOk:
      return Verdict::kSuccess;
    case Status::kTimeout:
    case Status::kTransport:
      return Verdict::kRetry;
    case Status::kMalformed:
      return Verdict::kNextModel;
    case Status::kHttpError:
      break;
  }
  const int status = response.http_status;
  if (status == 429 || status == 408 || status == 409 || status >= 500) return Verdict::kRetry;
  if (status == 400 || status == 422) return Verdict::kBadRequest;
  return Verdict::kNextModel;  // 401 bad key, 402 no credits, 403, 404 unknown model, ...
}

milliseconds backoff_delay(const RetryPolicy& policy, int retry,
                           std::optional<milliseconds> retry_after, Jitter& jitter) {
  if (retry_after) {
    const auto extra =
        static_cast<long>(static_cast<double>(retry_after->count()) * 0.1 * jitter.unit());
    return *retry_after + milliseconds(extra);
  }
  const int shift = std::clamp(retry - 1, 0, 20);
  const long ceiling =
      std::min<long>(policy.max_backoff.count(), policy.base_backoff.count() * (1L << shift));
  const long half = ceiling / 2;
  return milliseconds(half +
                      static_cast<long>(static_cast<double>(ceiling - half) * jitter.unit()));
}

nlohmann::json CallRecord::to_json() const {
  nlohmann::json out{{"outcome", outcome},
                     {"latency_ms", std::round(latency_ms * 100) / 100},
                     {"tokens", usage.to_json()},
                     {"cost", usage.cost ? nlohmann::json(*usage.cost) : nlohmann::json(nullptr)}};
  if (http_status != 0) out["http_status"] = http_status;
  if (retry_after) out["retry_after_ms"] = retry_after->count();
  if (waited.count() > 0) out["waited_ms"] = waited.count();
  if (!error.empty()) out["error"] = error;
  return out;
}

namespace {

CallRecord record_of(const ChatResponse& response, milliseconds waited) {
  CallRecord record;
  record.outcome = response.outcome();
  record.http_status = response.http_status;
  record.latency_ms = response.latency_ms;
  record.usage = response.usage;
  record.retry_after = response.retry_after;
  record.waited = waited;
  record.error = response.error;
  return record;
}

}  // namespace

ResilientResult call_with_retries(ModelClient& client, ChatRequest request,
                                  const RetryPolicy& policy, CircuitBreaker& breaker,
                                  const Budget& budget, Sleeper& sleeper, Jitter& jitter) {
  ResilientResult result;
  const milliseconds per_call = request.timeout;
  milliseconds waited{0};
  for (int attempt = 1;; ++attempt) {
    if (budget.exhausted()) {
      result.give_up_model = true;
      result.reason = "budget_exhausted";
      CallRecord skipped;
      skipped.outcome = "budget_exhausted";
      skipped.waited = waited;
      result.calls.push_back(std::move(skipped));
      return result;
    }
    // The breaker is asked once per request: retries belong to the same (probe) call.
    if (attempt == 1 && !breaker.allow()) {
      result.give_up_model = true;
      result.reason = "circuit_open";
      CallRecord skipped;
      skipped.outcome = "circuit_open";
      result.calls.push_back(std::move(skipped));
      return result;
    }
    request.timeout = std::min(per_call, budget.remaining());
    result.response = client.complete(request);
    result.calls.push_back(record_of(result.response, waited));
    waited = milliseconds(0);

    const Verdict verdict = classify(result.response);
    if (verdict == Verdict::kSuccess) {
      breaker.record_success();
      return result;
    }
    result.reason = result.response.outcome();
    if (verdict == Verdict::kBadRequest) {
      // The endpoint answered: it is up, only this request's shape was refused.
      breaker.record_success();
      return result;
    }
    if (verdict == Verdict::kNextModel || attempt >= policy.max_attempts) {
      breaker.record_failure();
      result.give_up_model = true;
      return result;
    }
    const auto retry_after = result.response.retry_after;
    if (retry_after && *retry_after > policy.max_retry_after) {
      breaker.record_failure();
      result.give_up_model = true;
      result.reason += "_retry_after_too_long";
      return result;
    }
    const milliseconds delay = backoff_delay(policy, attempt, retry_after, jitter);
    if (delay + Budget::kMinimumCall >= budget.remaining()) {
      breaker.record_failure();
      result.give_up_model = true;
      result.reason += "_no_budget_to_retry";
      return result;
    }
    sleeper.sleep_for(delay);
    waited = delay;
  }
}

}  // namespace copilot::generation
