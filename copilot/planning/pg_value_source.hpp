// copilot/planning/pg_value_source.hpp — the values the planner recognises, read from the
// analytics database as the admin's reader role in a read-only transaction: film titles, actor
// names, categories, languages, countries, cities (with their country), and every store's city
// and street. Reference data every reader may read; no customer names or addresses.
#pragma once

#include <vector>

#include "common/db/pool.hpp"
#include "copilot/planning/value_index.hpp"

namespace copilot::planning {

class PgValueSource final : public ValueSource {
 public:
  explicit PgValueSource(common::db::ConnectionPool& analytics) : pool_(analytics) {}
  std::vector<ValueEntry> load() override;

 private:
  common::db::ConnectionPool& pool_;
};

}  // namespace copilot::planning
