// copilot/policy/tests/fake_policy_store.hpp — policy versions in memory, for the reload tests:
// versions are appended as an admin would save them; the store can be made to fail.
#pragma once

#include <mutex>
#include <stdexcept>
#include <vector>

#include "copilot/policy/policy_store.hpp"

namespace copilot::policy::testing {

class FakePolicyStore final : public PolicyStore {
 public:
  // Appends a version (newest + 1) as an admin's save; returns its number.
  long long save(nlohmann::json rules, std::string source = "api") {
    const std::lock_guard lock(mutex_);
    const long long version = static_cast<long long>(versions_.size()) + 1;
    versions_.push_back({version, std::move(rules), std::move(source)});
    return version;
  }
  void set_failing(bool failing) {
    const std::lock_guard lock(mutex_);
    failing_ = failing;
  }
  [[nodiscard]] int reads() const {
    const std::lock_guard lock(mutex_);
    return reads_;
  }
  [[nodiscard]] std::vector<PolicyVersion> versions() const {
    const std::lock_guard lock(mutex_);
    return versions_;
  }

  std::optional<PolicyVersion> newer_than(long long known) override {
    const std::lock_guard lock(mutex_);
    ++reads_;
    if (failing_) throw std::runtime_error("connection refused");
    if (versions_.empty() || versions_.back().version <= known) return std::nullopt;
    return versions_.back();
  }

  // The same rule as the real store: seed when empty, or when the rules in force are still the
  // last seeded ones and the file changed.
  std::optional<long long> seed_from_file(const nlohmann::json& rules,
                                          const std::string&) override {
    std::unique_lock lock(mutex_);
    if (failing_) throw std::runtime_error("connection refused");
    const PolicyVersion* seeded = nullptr;
    for (const auto& v : versions_) {
      if (v.source == "file") seeded = &v;
    }
    const bool seed =
        versions_.empty() || (seeded != nullptr && versions_.back().rules == seeded->rules &&
                              versions_.back().rules != rules);
    if (!seed) return std::nullopt;
    lock.unlock();
    return save(rules, "file");
  }

 private:
  mutable std::mutex mutex_;
  std::vector<PolicyVersion> versions_;
  bool failing_ = false;
  int reads_ = 0;
};

}  // namespace copilot::policy::testing
