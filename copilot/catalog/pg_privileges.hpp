// copilot/catalog/pg_privileges.hpp — what a reader role may SELECT, asked of PostgreSQL itself
// (has_column_privilege per column of each relation), on the analytics database where questions
// run. Read in a read-only transaction; the reader role is never assumed, only asked about.
#pragma once

#include "common/db/pool.hpp"
#include "copilot/catalog/catalog.hpp"

namespace copilot::catalog {

class PgPrivileges final : public PrivilegeSource {
 public:
  explicit PgPrivileges(common::db::ConnectionPool& analytics) : pool_(analytics) {}
  // Throws common::Error 503 when the database cannot be reached.
  ReadableColumns readable_columns(std::string_view reader,
                                   const std::vector<std::string>& relations) override;

 private:
  common::db::ConnectionPool& pool_;
};

}  // namespace copilot::catalog
