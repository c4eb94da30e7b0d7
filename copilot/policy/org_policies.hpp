// copilot/policy/org_policies.hpp — the policy in force for each organisation (issue 14, part 5).
//
// Every organisation has its own policy history (policy_versions.org_id) and so its own policy in
// force: a request is checked against its asker's organisation's, never another's. OrgPolicies
// keeps one LivePolicy per organisation, each fed by that organisation's store (PgPolicyStore
// scoped to it) through its own PolicyReloader, all polled by one thread every `every`.
//
// An organisation is set up the first time it is named (at start for those in `orgs`, or by its
// first request): its store is seeded from the rules file when it holds no version (see
// pg_policy_store.hpp for why the copilot seeds), then read. Until a version is read — and
// whenever its store cannot be read — the rules file's policy (version 0) is in force for it,
// as before organisations existed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "copilot/policy/live_policy.hpp"
#include "copilot/policy/policy_store.hpp"

namespace copilot::policy {

class OrgPolicies {
 public:
  // The store of one organisation; nullptr: it has none (the rules file only, as in unit tests).
  using StoreFactory = std::function<std::unique_ptr<PolicyStore>(long long org_id)>;

  // every <= 0: no thread (poll_all() only).
  OrgPolicies(nlohmann::json file_rules, StoreFactory stores, std::chrono::milliseconds every,
              std::string seed_comment = "seeded from the rules file");
  ~OrgPolicies();
  OrgPolicies(const OrgPolicies&) = delete;
  OrgPolicies& operator=(const OrgPolicies&) = delete;
  OrgPolicies(OrgPolicies&&) = delete;
  OrgPolicies& operator=(OrgPolicies&&) = delete;

  // The snapshot a request of this organisation is checked against.
  [[nodiscard]] std::shared_ptr<const ActivePolicy> current(long long org_id);
  // This organisation's live policy (set up on first use: seeded, read once).
  LivePolicy& live(long long org_id);
  // One poll of every organisation's store, on the caller's thread.
  void poll_all();
  // The rules file's policy (what no organisation has changed).
  [[nodiscard]] const Policy& file_policy() const { return file_policy_; }

 private:
  struct Org {
    Org(std::unique_ptr<PolicyStore> s, Policy initial);
    std::unique_ptr<PolicyStore> store;
    LivePolicy live;
    std::unique_ptr<PolicyReloader> reloader;  // none without a store
  };
  Org& org(long long org_id);

  nlohmann::json file_rules_;
  Policy file_policy_;
  StoreFactory stores_;
  std::string seed_comment_;
  std::mutex orgs_mutex_;  // guards the map; an Org, once made, stays at its address
  std::map<long long, std::unique_ptr<Org>> orgs_;
  std::chrono::milliseconds every_;
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace copilot::policy
