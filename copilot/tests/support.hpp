// copilot/tests/support.hpp — what the copilot's db and http tests share: settings from the
// environment (or the repo's .env, as `make test` loads it), a fake clock, the seed users.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "common/time/clock.hpp"
#include "copilot/core/roles.hpp"

namespace copilot::testing {

// The setting from the environment, else from the repo's .env; throws when neither has it (a
// missing database is a failure, never a skip).
std::string required_env(const std::string& name);

class FakeClock final : public common::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const override { return wall_; }
  [[nodiscard]] std::chrono::steady_clock::time_point steady_now() const override {
    return steady_;
  }
  void advance(std::chrono::milliseconds by) {
    wall_ += by;
    steady_ += by;
  }

 private:
  std::chrono::system_clock::time_point wall_{std::chrono::seconds(1'700'000'000)};
  std::chrono::steady_clock::time_point steady_{std::chrono::seconds(1000)};
};

struct SeedUser {
  std::string username;
  Role role;
  std::vector<int> store_ids;
  bool is_all_stores;
};
const std::vector<SeedUser>& seed_users();
const SeedUser& seed_user(const std::string& username);

}  // namespace copilot::testing
