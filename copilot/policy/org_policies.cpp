#include "copilot/policy/org_policies.hpp"

#include <vector>

#include "common/log/log.hpp"

namespace copilot::policy {

OrgPolicies::Org::Org(std::unique_ptr<PolicyStore> s, Policy initial)
    : store(std::move(s)), live(std::move(initial)) {
  // No thread of its own: OrgPolicies polls every organisation from one.
  if (store)
    reloader = std::make_unique<PolicyReloader>(live, *store, std::chrono::milliseconds(0));
}

OrgPolicies::OrgPolicies(nlohmann::json file_rules, StoreFactory stores,
                         std::chrono::milliseconds every, std::string seed_comment)
    : file_rules_(std::move(file_rules)),
      file_policy_(file_rules_),
      stores_(std::move(stores)),
      seed_comment_(std::move(seed_comment)),
      every_(every) {
  if (every_.count() <= 0) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(wake_mutex_);
    while (!wake_.wait_for(lock, every_, [this] { return stopping_; })) {
      lock.unlock();
      poll_all();
      lock.lock();
    }
  });
}

OrgPolicies::~OrgPolicies() {
  {
    const std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

OrgPolicies::Org& OrgPolicies::org(long long org_id) {
  const std::lock_guard lock(orgs_mutex_);
  if (const auto it = orgs_.find(org_id); it != orgs_.end()) return *it->second;
  auto made = std::make_unique<Org>(stores_ ? stores_(org_id) : nullptr, Policy(file_rules_));
  if (made->store) {
    // Set up once, under the lock: a second request of a new organisation waits for the first
    // read instead of seeding again.
    try {
      if (const auto seeded = made->store->seed_from_file(file_rules_, seed_comment_)) {
        common::log::info("policy_seeded", {{"org_id", org_id}, {"version", *seeded}});
      }
    } catch (const std::exception& e) {
      common::log::warn("policy_seed_failed", {{"org_id", org_id}, {"what", e.what()}});
    }
    made->reloader->poll_now();
  }
  return *orgs_.emplace(org_id, std::move(made)).first->second;
}

std::shared_ptr<const ActivePolicy> OrgPolicies::current(long long org_id) {
  return org(org_id).live.current();
}

LivePolicy& OrgPolicies::live(long long org_id) { return org(org_id).live; }

void OrgPolicies::poll_all() {
  std::vector<Org*> all;
  {
    const std::lock_guard lock(orgs_mutex_);
    all.reserve(orgs_.size());
    for (auto& [id, o] : orgs_) all.push_back(o.get());
  }
  for (Org* o : all) {
    if (o->reloader) o->reloader->poll_now();
  }
}

}  // namespace copilot::policy
