#include "copilot/catalog/pg_privileges.hpp"

#include <pqxx/pqxx>

#include "common/error/error.hpp"

namespace copilot::catalog {

ReadableColumns PgPrivileges::readable_columns(std::string_view reader,
                                               const std::vector<std::string>& relations) {
  // has_column_privilege is true for a column granted on its own (finance's payment columns) and
  // for every column of a relation granted whole; a dropped column is never listed.
  static const char* const kSql =
      "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) "
      "FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public' "
      "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
      "WHERE c.relname = ANY (string_to_array($1, ',')) "
      "  AND has_column_privilege($2, c.oid, a.attnum, 'SELECT') "
      "ORDER BY c.relname, a.attnum";
  std::string names;
  for (const auto& r : relations) names += (names.empty() ? "" : ",") + r;
  ReadableColumns out;
  try {
    auto lease = pool_.acquire();
    try {
      pqxx::work tx(*lease);
      tx.exec0("SET TRANSACTION READ ONLY");
      const auto rows = tx.exec_params(kSql, names, std::string(reader));
      for (const auto& row : rows) {
        out[row[0].as<std::string>()].push_back(
            {row[1].as<std::string>(), row[2].as<std::string>()});
      }
      tx.commit();
    } catch (const pqxx::broken_connection&) {
      lease.mark_broken();
      throw;
    }
  } catch (const common::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw common::Error(503, "database_unavailable",
                        std::string("the database privileges could not be read: ") + e.what());
  }
  return out;
}

}  // namespace copilot::catalog
