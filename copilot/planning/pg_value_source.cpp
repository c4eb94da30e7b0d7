#include "copilot/planning/pg_value_source.hpp"

#include <pqxx/pqxx>
#include <string>

namespace copilot::planning {

std::vector<ValueEntry> PgValueSource::load() {
  std::string stores;
  for (const int id : store_ids_) stores += (stores.empty() ? "" : ", ") + std::to_string(id);
  if (stores.empty()) stores = "NULL";
  const std::string sql =
      "SELECT 'film', film_id, title, '' FROM film "
      "UNION ALL SELECT 'actor', actor_id, first_name || ' ' || last_name, '' FROM actor "
      "UNION ALL SELECT 'category', category_id, name, '' FROM category "
      "UNION ALL SELECT 'language', language_id, trim(name), '' FROM language "
      "UNION ALL SELECT 'country', country_id, country, '' FROM country "
      "UNION ALL SELECT 'city', min(ci.city_id), ci.city, co.country "
      "  FROM city ci JOIN country co ON co.country_id = ci.country_id GROUP BY ci.city, "
      "co.country "
      "UNION ALL SELECT 'store', store_id, city, country FROM v_store_location "
      "  WHERE store_id IN (" +
      stores + ")";
  auto lease = pool_.acquire();
  std::vector<ValueEntry> out;
  try {
    pqxx::work tx(*lease);
    tx.exec0("SET TRANSACTION READ ONLY");
    tx.exec0("SET LOCAL ROLE reader_admin");
    tx.exec0("SET LOCAL statement_timeout = 10000");
    const auto rows = tx.exec(sql);
    out.reserve(rows.size());
    for (const auto& row : rows) {
      out.push_back({row[0].as<std::string>(), row[2].as<std::string>(), row[1].as<long>(),
                     row[3].as<std::string>()});
    }
    tx.abort();
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw;
  }
  return out;
}

}  // namespace copilot::planning
