#include "copilot/planning/pg_value_source.hpp"

#include <pqxx/pqxx>
#include <string>

namespace copilot::planning {

std::vector<ValueEntry> PgValueSource::load() {
  const std::string sql =
      "SELECT 'film', film_id, title, '' FROM film "
      "UNION ALL SELECT 'actor', actor_id, first_name || ' ' || last_name, '' FROM actor "
      "UNION ALL SELECT 'category', category_id, name, '' FROM category "
      "UNION ALL SELECT 'language', language_id, trim(name), '' FROM language "
      "UNION ALL SELECT 'country', country_id, country, '' FROM country "
      "UNION ALL SELECT 'city', min(ci.city_id), ci.city, co.country "
      "  FROM city ci JOIN country co ON co.country_id = ci.country_id GROUP BY ci.city, "
      "co.country "
      // Every store, not only those in anyone's scope: a store named by its city or street
      // ("the Xiangtan store", "the Joliet Way branch") is then recognised, and refused when it
      // is outside the asker's stores, instead of being a word nobody understood. Its street
      // is read with and without the house number.
      "UNION ALL SELECT 'store', store_id, city, country FROM v_store_location "
      // ... and by its country ("the shop in New Zealand"): the stores there.
      "UNION ALL SELECT 'store', store_id, country, country FROM v_store_location "
      "UNION ALL SELECT 'store', store_id, street_address, city FROM v_store_location "
      "UNION ALL SELECT 'store', store_id, "
      "  regexp_replace(street_address, '^[0-9]+[A-Za-z]?[[:space:]]+', ''), city FROM "
      "v_store_location "
      "  WHERE street_address ~ '^[0-9]'";
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
