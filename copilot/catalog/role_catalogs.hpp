// copilot/catalog/role_catalogs.hpp — each role's catalog, built on first use and kept for a
// minute. Privileges change only through migrations, so a catalog rarely changes; the minute
// bounds how long one can outlive a REVOKE applied while the copilot runs (a catalog showing more
// than the database allows), at the cost of one privilege query per role per minute.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>

#include "common/cache/expiring_lru.hpp"
#include "common/time/clock.hpp"
#include "copilot/catalog/catalog.hpp"

namespace copilot::catalog {

class RoleCatalogs {
 public:
  static constexpr std::chrono::seconds kTimeToLive{60};

  RoleCatalogs(const semantic::Model& model, PrivilegeSource& privileges,
               const common::Clock& clock)
      : model_(model), privileges_(privileges), clock_(clock), cache_(8, kTimeToLive) {}

  // The role's catalog (common::Error 503 when the privileges cannot be read; nothing is kept).
  nlohmann::json for_role(Role role);

 private:
  const semantic::Model& model_;
  PrivilegeSource& privileges_;
  const common::Clock& clock_;
  common::cache::ExpiringLru<nlohmann::json> cache_;
};

}  // namespace copilot::catalog
