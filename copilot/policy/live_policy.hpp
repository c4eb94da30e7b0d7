// copilot/policy/live_policy.hpp — the policy in force while the copilot runs, replaced without
// a restart when an admin saves a new version.
//
// LivePolicy holds the compiled policy behind a shared_ptr that is swapped under a mutex: a
// request takes the pointer once (current()) and checks its question against that snapshot from
// start to end, while a newer version may already be in force for the next request. Compiling
// happens before the swap, outside the lock, so a request never waits for a compile.
//
// PolicyReloader polls the store every `every` (POLICY_RELOAD_INTERVAL_MS, default 2 s), on its
// own thread, for a version newer than the one in force, so a saved version is live within that
// interval plus one poll (well within 5 s). A version that does not compile here (the gateway
// validates with the same compiler, so only a row written around it can) is logged and skipped:
// the previous policy stays in force, and that version is not tried again. A store that cannot be
// read is logged and retried at the next poll. With no version in the store, the policy from the
// rules file (version 0) stays in force.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "copilot/policy/policy.hpp"
#include "copilot/policy/policy_store.hpp"

namespace copilot::policy {

struct ActivePolicy {
  Policy policy;
  long long version = 0;  // 0: the rules file (the store had no version)
};

class LivePolicy {
 public:
  // The policy in force until a version replaces it (the rules file's, as version 0).
  explicit LivePolicy(Policy initial, long long version = 0);

  [[nodiscard]] std::shared_ptr<const ActivePolicy> current() const;
  // Compiles and installs a version: false (logged; the policy in force is kept) when its rules
  // do not compile.
  bool install(const PolicyVersion& version);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const ActivePolicy> current_;
};

class PolicyReloader {
 public:
  // every <= 0: no thread; poll_now() only.
  PolicyReloader(LivePolicy& live, PolicyStore& store, std::chrono::milliseconds every);
  ~PolicyReloader();
  PolicyReloader(const PolicyReloader&) = delete;
  PolicyReloader& operator=(const PolicyReloader&) = delete;

  // One poll, now, on the caller's thread: true when a newer version was installed.
  bool poll_now();

 private:
  LivePolicy& live_;
  PolicyStore& store_;
  std::mutex poll_mutex_;       // one poll at a time (the thread, a caller)
  long long rejected_ = 0;      // the newest version that did not compile: not tried again
  bool store_failing_ = false;  // logs a store failure once, until it reads again
  std::chrono::milliseconds every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace copilot::policy
