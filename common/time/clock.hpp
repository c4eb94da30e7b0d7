// common/time/clock.hpp — the clock boundary, so time-dependent code can be tested.
#pragma once

#include <chrono>

namespace common {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (token expiry, audit timestamps).
  [[nodiscard]] virtual std::chrono::system_clock::time_point now() const = 0;
  // Monotonic time (durations, rate-limit windows).
  [[nodiscard]] virtual std::chrono::steady_clock::time_point steady_now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
  [[nodiscard]] std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace common
