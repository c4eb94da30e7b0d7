#include "copilot/policy/live_policy.hpp"

#include <algorithm>

#include "common/log/log.hpp"

namespace copilot::policy {

LivePolicy::LivePolicy(Policy initial, long long version)
    : current_(std::make_shared<const ActivePolicy>(ActivePolicy{std::move(initial), version})) {}

std::shared_ptr<const ActivePolicy> LivePolicy::current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

bool LivePolicy::install(const PolicyVersion& version) {
  std::shared_ptr<const ActivePolicy> next;
  try {
    next =
        std::make_shared<const ActivePolicy>(ActivePolicy{Policy(version.rules), version.version});
  } catch (const std::exception& e) {
    common::log::error("policy_version_rejected", {{"version", version.version},
                                                   {"source", version.source},
                                                   {"what", e.what()},
                                                   {"in_force", current()->version}});
    return false;
  }
  const auto rules = next->policy.rule_count();
  long long previous = 0;
  {
    const std::lock_guard lock(mutex_);
    previous = current_->version;
    current_ = std::move(next);
  }
  common::log::info("policy_version_in_force", {{"version", version.version},
                                                {"previous", previous},
                                                {"source", version.source},
                                                {"rules", rules}});
  return true;
}

PolicyReloader::PolicyReloader(LivePolicy& live, PolicyStore& store,
                               std::chrono::milliseconds every)
    : live_(live), store_(store), every_(every) {
  if (every_.count() <= 0) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, every_, [this] { return stopping_; })) {
      lock.unlock();
      poll_now();
      lock.lock();
    }
  });
}

PolicyReloader::~PolicyReloader() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool PolicyReloader::poll_now() {
  const std::lock_guard lock(poll_mutex_);
  std::optional<PolicyVersion> newer;
  try {
    newer = store_.newer_than(std::max(live_.current()->version, rejected_));
    if (store_failing_) common::log::info("policy_store_readable");
    store_failing_ = false;
  } catch (const std::exception& e) {
    // Logged once per outage, not every poll; the policy in force stays.
    if (!store_failing_) common::log::warn("policy_store_unreadable", {{"what", e.what()}});
    store_failing_ = true;
    return false;
  }
  if (!newer) return false;
  if (live_.install(*newer)) return true;
  rejected_ = newer->version;
  return false;
}

}  // namespace copilot::policy
