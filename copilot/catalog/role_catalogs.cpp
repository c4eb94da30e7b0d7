#include "copilot/catalog/role_catalogs.hpp"

namespace copilot::catalog {

nlohmann::json RoleCatalogs::for_role(Role role) {
  const std::string key(role_name(role));
  if (auto cached = cache_.get(key, clock_.steady_now())) return std::move(*cached);
  // Two first requests at once may both build it: the same result, kept once.
  auto built = build_catalog(
      model_, role, privileges_.readable_columns(reader_role(role), catalog_relations(role)));
  cache_.put(key, built, clock_.steady_now());
  return built;
}

}  // namespace copilot::catalog
