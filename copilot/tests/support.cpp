#include "copilot/tests/support.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace copilot::testing {

std::string required_env(const std::string& name) {
  if (const char* value = std::getenv(name.c_str()); value != nullptr && *value != '\0') {
    return value;
  }
  // ctest runs in the source tree: read the repo's .env like scripts/lib.sh's load_env does.
  std::ifstream in(".env");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq != std::string::npos && line.substr(0, eq) == name) return line.substr(eq + 1);
  }
  throw std::runtime_error(name +
                           " is not set (run scripts/setup, or `source scripts/lib.sh; load_env`)");
}

const std::vector<SeedUser>& seed_users() {
  static const std::vector<SeedUser> kUsers = {
      {"admin_user", Role::kAdmin, {1, 2}, true},
      {"manager_store1", Role::kStoreManager, {1}, false},
      {"manager_multi", Role::kStoreManager, {1, 2}, false},
      {"marketing_user", Role::kMarketing, {1, 2}, false},
      {"finance_user", Role::kFinance, {1}, false}};
  return kUsers;
}

const SeedUser& seed_user(const std::string& username) {
  for (const auto& u : seed_users()) {
    if (u.username == username) return u;
  }
  throw std::runtime_error("no seed user " + username);
}

}  // namespace copilot::testing
