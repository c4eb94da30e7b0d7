#include "copilot/execution/pg_executor.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include "common/db/sqlstate.hpp"
#include "copilot/execution/execution_error.hpp"

namespace copilot::execution {
namespace {

// The built-in types, so a fresh process needs no catalog round trip for the usual columns.
const std::map<unsigned, std::string>& builtin_types() {
  static const std::map<unsigned, std::string> kTypes = {
      {16, "bool"},       {18, "char"},      {19, "name"},        {20, "int8"},
      {21, "int2"},       {23, "int4"},      {25, "text"},        {26, "oid"},
      {700, "float4"},    {701, "float8"},   {1042, "bpchar"},    {1043, "varchar"},
      {1082, "date"},     {1083, "time"},    {1114, "timestamp"}, {1184, "timestamptz"},
      {1186, "interval"}, {1700, "numeric"}, {2950, "uuid"},      {3802, "jsonb"},
      {114, "json"},      {1009, "_text"},   {1007, "_int4"},     {1016, "_int8"}};
  return kTypes;
}

bool is_integer_type(const std::string& t) {
  return t == "int2" || t == "int4" || t == "int8" || t == "oid";
}
bool is_float_type(const std::string& t) {
  return t == "float4" || t == "float8" || t == "numeric";
}

ExecutionError clean_error(const pqxx::sql_error& e) {
  const std::string state = common::db::sqlstate_of(e);
  std::string detail = e.what();
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  if (state == "57014") {
    return {504, "upstream_timeout", "the query took longer than the time limit and was stopped",
            state, detail};
  }
  // Privilege, read-only and scope violations: the database's own layer refused the statement.
  if (state == "42501" || state == "25006" || state.rfind("0L", 0) == 0 ||
      state.rfind("0P", 0) == 0) {
    return {403, "policy_denied", "the database refused this query for your role", state, detail};
  }
  if (state.rfind("08", 0) == 0 || state.rfind("53", 0) == 0 || state.rfind("57P", 0) == 0) {
    return {503, "upstream_unavailable", "the analytics database is unavailable", state, detail};
  }
  return {502, "upstream_error", "the query could not be run on the analytics database", state,
          detail};
}

}  // namespace

std::string scope_setting(const std::vector<int>& store_ids) {
  std::string out;
  for (int id : store_ids) {
    if (id < 1) throw std::invalid_argument("store ids must be ≥ 1");
    if (!out.empty()) out.push_back(',');
    out += std::to_string(id);
  }
  return out;
}

nlohmann::json cell_json(const pqxx::field& field, const std::string& type) {
  if (field.is_null()) return nullptr;
  const char* text = field.c_str();
  const std::string_view view(text);
  if (is_integer_type(type)) {
    long long value = 0;
    const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (ec == std::errc() && end == view.data() + view.size()) return value;
    return std::string(view);
  }
  if (is_float_type(type)) {
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (end == text + view.size() && view != "NaN" && view.find("nf") == std::string_view::npos) {
      return value;
    }
    return std::string(view);
  }
  if (type == "bool") return view == "t";
  return std::string(view);
}

PgExecutor::PgExecutor(common::db::ConnectionPool& pool, int statement_timeout_ms)
    : pool_(pool), statement_timeout_ms_(statement_timeout_ms) {}

std::string PgExecutor::type_name(pqxx::connection& connection, unsigned oid) {
  if (const auto it = builtin_types().find(oid); it != builtin_types().end()) return it->second;
  std::lock_guard lock(types_mutex_);
  if (types_.empty()) {
    // Once per process: enums and domains of the data set (e.g. Pagila's mpaa_rating).
    pqxx::nontransaction tx(connection);
    for (const auto& row : tx.exec("SELECT oid::int8, typname FROM pg_catalog.pg_type")) {
      types_[row[0].as<unsigned>()] = row[1].as<std::string>();
    }
  }
  const auto it = types_.find(oid);
  return it == types_.end() ? "unknown" : it->second;
}

ExecResult PgExecutor::execute(const ExecRequest& request) {
  const std::string scope = scope_setting(request.store_ids);
  // BEGIN READ ONLY and the transaction-local settings in one round trip (our own fixed text and
  // validated integers only); then the statement alone through the extended protocol.
  const std::string begin =
      "BEGIN READ ONLY; SET LOCAL ROLE " + std::string(reader_role(request.role)) +
      "; SET LOCAL statement_timeout = " + std::to_string(statement_timeout_ms_) +
      "; SET LOCAL TimeZone = 'UTC'; SET LOCAL search_path = public"
      "; SET LOCAL app.store_ids = '" +
      scope + "'";
  auto lease = pool_.acquire();
  ExecResult out;
  try {
    pqxx::result rows;
    {
      pqxx::nontransaction tx(*lease);
      try {
        tx.exec0(begin);
        // The extended protocol: one statement, or the server refuses the whole string.
        rows = tx.exec_params(request.sql);
      } catch (const pqxx::sql_error&) {
        try {
          tx.exec0("ROLLBACK");
        } catch (const std::exception&) {
          lease.mark_broken();  // never pool a connection in an unknown transaction state
        }
        throw;
      }
      // Read-only: nothing to keep; a rollback also undoes any session-level SET it ran.
      tx.exec0("ROLLBACK");
    }
    // A statement without a result set (PREPARE, LISTEN, DO ... — only reachable without the
    // guardrail) may leave session state that a rollback does not undo (a prepared statement):
    // close that connection instead of pooling it.
    if (rows.columns() == 0) lease.mark_broken();
    auto& result = out.result;
    const auto columns = rows.columns();
    std::vector<std::string> types;
    types.reserve(columns);
    for (pqxx::row::size_type c = 0; c < columns; ++c) {
      types.push_back(type_name(*lease, static_cast<unsigned>(rows.column_type(c))));
      result.columns.push_back({rows.column_name(c), types.back()});
    }
    const size_t keep = std::min<size_t>(rows.size(), kMaxRows);
    result.truncated = rows.size() > kMaxRows;
    result.rows.reserve(keep);
    for (size_t r = 0; r < keep; ++r) {
      std::vector<nlohmann::json> cells;
      cells.reserve(columns);
      const auto row = rows[static_cast<pqxx::result::size_type>(r)];
      for (pqxx::row::size_type c = 0; c < columns; ++c)
        cells.push_back(cell_json(row[c], types[c]));
      result.rows.push_back(std::move(cells));
    }
  } catch (const pqxx::broken_connection& e) {
    lease.mark_broken();
    throw ExecutionError(503, "upstream_unavailable", "the analytics database is unavailable",
                         "08000", e.what());
  } catch (const pqxx::sql_error& e) {
    throw clean_error(e);
  } catch (const pqxx::usage_error& e) {
    lease.mark_broken();
    throw ExecutionError(502, "upstream_error",
                         "the query could not be run on the analytics database", "", e.what());
  }
  return out;
}

}  // namespace copilot::execution
