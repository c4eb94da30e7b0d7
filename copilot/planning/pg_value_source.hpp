// copilot/planning/pg_value_source.hpp — the values the planner recognises, read from the
// analytics database as the admin's reader role in a read-only transaction: film titles, actor
// names, categories, languages, countries, cities (with their country), and the locations of the
// given stores. Reference data every reader may read; no customer names.
#pragma once

#include <set>
#include <vector>

#include "common/db/pool.hpp"
#include "copilot/planning/value_index.hpp"

namespace copilot::planning {

class PgValueSource final : public ValueSource {
 public:
  // `store_ids`: the stores whose location names a question may use ("the Woodridge store").
  PgValueSource(common::db::ConnectionPool& analytics, std::set<int> store_ids)
      : pool_(analytics), store_ids_(std::move(store_ids)) {}
  std::vector<ValueEntry> load() override;

 private:
  common::db::ConnectionPool& pool_;
  std::set<int> store_ids_;
};

}  // namespace copilot::planning
