// copilot/core/cancellation.hpp — a request that nobody waits for any more stops its work.
//
// The HTTP edge owns one Cancellation per /run and cancels it when the client disconnects. The
// work that can be interrupted (the database query, the model call) registers what stops it
// (PQcancel, a flag libcurl's progress callback reads) for as long as it runs.
//
// A request runs on one thread from start to end, so its cancellation travels with the thread
// (Cancellation::Scope): the stages in between need no parameter for it. current() is nullptr
// outside a request (tools, tests): nothing is ever cancelled there.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "copilot/core/registration.hpp"

namespace copilot {

class Cancellation {
 public:
  Cancellation() = default;
  Cancellation(const Cancellation&) = delete;
  Cancellation& operator=(const Cancellation&) = delete;
  ~Cancellation() = default;

  [[nodiscard]] bool cancelled() const noexcept { return cancelled_.load(); }

  // Idempotent; runs every registered action once, on the calling thread.
  void cancel() {
    std::lock_guard lock(mutex_);
    if (cancelled_.exchange(true)) return;
    for (auto& [id, action] : actions_) action();
  }

  // Runs `action` on cancel() while the returned Hook lives (at once when already cancelled).
  // The Hook's destructor waits for a running action, so the action may use what the
  // registering scope owns.
  using Hook = Registration<Cancellation>;
  friend Hook;

  [[nodiscard]] Hook on_cancel(std::function<void()> action) {
    std::lock_guard lock(mutex_);
    if (cancelled_.load()) {
      action();
      return {};
    }
    const auto id = next_id_++;
    actions_.emplace(id, std::move(action));
    return {this, id};
  }

  // The cancellation of the request running on this thread, or nullptr.
  static Cancellation* current() { return slot(); }

  // Makes `cancellation` the current one of this thread for the scope's lifetime.
  class Scope {
   public:
    explicit Scope(Cancellation& cancellation) : previous_(slot()) { slot() = &cancellation; }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope() { slot() = previous_; }

   private:
    Cancellation* previous_;
  };

 private:
  void unregister(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    actions_.erase(id);
  }

  static Cancellation*& slot() {
    thread_local Cancellation* current = nullptr;
    return current;
  }

  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::map<std::uint64_t, std::function<void()>> actions_;
  std::uint64_t next_id_ = 1;
};

}  // namespace copilot
