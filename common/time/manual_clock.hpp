// common/time/manual_clock.hpp — the test fake of the clock boundary: time stands still until a
// test advances it, wall and monotonic time together. Safe to read from several threads while
// one test thread advances it (the limiter tests race threads against one clock).
#pragma once

#include <atomic>
#include <chrono>

#include "common/time/clock.hpp"

namespace common {

class ManualClock final : public Clock {
 public:
  // Both clocks start `start` after their epochs (far from zero, so "now minus a window" never
  // goes before the epoch).
  explicit ManualClock(std::chrono::milliseconds start = std::chrono::milliseconds(1'000'000))
      : offset_ms_(start.count()) {}

  [[nodiscard]] std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(offset()));
  }
  [[nodiscard]] std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(offset()));
  }
  void advance(std::chrono::milliseconds by) { offset_ms_ += by.count(); }

 private:
  [[nodiscard]] std::chrono::milliseconds offset() const {
    return std::chrono::milliseconds(offset_ms_.load());
  }
  std::atomic<long long> offset_ms_;
};

}  // namespace common
