#include "copilot/execution/pg_executor.hpp"

#include <linux/tcp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>

#include "common/log/log.hpp"
#include "common/memory/owned.hpp"
#include "copilot/core/cancellation.hpp"
#include "copilot/execution/execution_error.hpp"

namespace copilot::execution {
namespace {

// Owners for libpq's results and cancel handles: freed on every path.
using Result = common::Owned<PGresult, PQclear>;
using Canceller = common::Owned<PGcancel, PQfreeCancel>;

// How often a query in flight looks at its client and at the bytes on the wire.
constexpr int kPollMs = 25;

// What copilot_row_within raises for a row larger than the cap.
constexpr std::string_view kRowTooLarge = "CP413";

// The built-in types, so the usual columns need no catalog.
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

std::string trimmed(const char* text) {
  std::string out = text == nullptr ? "" : text;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string size_text(size_t bytes) {
  constexpr size_t kMb = size_t{1024} * 1024;
  if (bytes % kMb == 0) return std::to_string(bytes / kMb) + " MB";
  if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KB";
  return std::to_string(bytes) + " bytes";
}

ExecutionError too_large(size_t limit) {
  return {422, "result_too_large",
          "the result is larger than the " + size_text(limit) +
              " limit (RESULT_MAX_BYTES): ask for fewer rows or columns, or for a total",
          "54000", "stopped after " + std::to_string(limit) + " bytes"};
}

// A failed statement as the client may see it; the server's message stays in the audit trail.
ExecutionError clean_error(const std::string& state, const std::string& detail, size_t cap) {
  if (state == kRowTooLarge) return too_large(cap);
  if (state == "57014") {
    return {504, "upstream_timeout", "the query took longer than the time limit and was stopped",
            state, detail};
  }
  // Privilege, read-only and scope violations: the database's own layer refused the statement.
  if (state == "42501" || state == "25006" || state.rfind("0L", 0) == 0 ||
      state.rfind("0P", 0) == 0) {
    return {403, "policy_denied", "the database refused this query for your role", state, detail};
  }
  if (state.empty() || state.rfind("08", 0) == 0 || state.rfind("53", 0) == 0 ||
      state.rfind("57P", 0) == 0) {
    return {503, "analytics_unavailable", "the analytics database is unavailable", state, detail};
  }
  return {502, "upstream_error", "the query could not be run on the analytics database", state,
          detail};
}

ExecutionError result_error(PGconn* connection, const PGresult* result, size_t cap) {
  const char* state = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* message =
      result == nullptr ? PQerrorMessage(connection) : PQresultErrorMessage(result);
  return clean_error(state == nullptr ? "" : state, trimmed(message), cap);
}

ExecutionError unavailable(PGconn* connection) {
  return {503, "analytics_unavailable", "the analytics database is unavailable", "08000",
          trimmed(PQerrorMessage(connection))};
}

// The connection failed before any row came back: the read-only statement may run again (once,
// on a new connection), and, when it fails again, on the fallback database.
class ConnectionLost : public ExecutionError {
 public:
  using ExecutionError::ExecutionError;
};

common::db::RetryableFailure lost(PGconn* connection) {
  const ExecutionError error = unavailable(connection);
  return common::db::RetryableFailure(ConnectionLost(
      error.http_status(), error.code(), error.what(), error.sqlstate(), error.detail()));
}

// The analytics database refused or dropped the connect (stopped, restarting, unreachable within
// connect_timeout).
ExecutionError not_reachable(const std::exception& e) {
  return {503, "analytics_unavailable", "the analytics database is unavailable", "08001", e.what()};
}

ExecutionError client_gone() {
  return {499, "client_closed_request", "the client disconnected: the query was cancelled", "57014",
          "cancelled by the copilot"};
}

// A statement the guardrail accepted (one SELECT), with each row's size checked at the server
// (copilot_row_within, db/migrations/20261204100300_result_row_guard.sql): a row larger than the
// cap stops the statement before it is sent. The newlines keep a trailing comment from hiding the
// wrapper's end; the output's columns are the statement's own, in its order.
std::string row_guarded(const std::string& sql, size_t cap) {
  return "SELECT copilot_row.* FROM (\n" + sql +
         "\n) AS copilot_row WHERE copilot_row_within(octet_length(copilot_row::text), " +
         std::to_string(cap) + ")";
}

// Bytes this TCP socket has received so far (the kernel's count, whatever libpq has read of
// them); nullopt for a Unix socket or an older kernel.
std::optional<std::uint64_t> bytes_received(int socket) {
  tcp_info info{};
  socklen_t length = sizeof info;
  if (getsockopt(socket, IPPROTO_TCP, TCP_INFO, &info, &length) != 0 ||
      length < offsetof(tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received) {
    return std::nullopt;
  }
  return info.tcpi_bytes_received;
}

// Ends the read-only transaction; a connection that cannot is closed instead of pooled.
void roll_back(PGconn* connection, common::db::RawConnectionPool::Lease& lease) {
  const Result done(PQexec(connection, "ROLLBACK"));
  if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) lease.mark_broken();
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

nlohmann::json cell_json(std::string_view text, bool is_null, const std::string& type) {
  if (is_null) return nullptr;
  if (is_integer_type(type)) {
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) return value;
    return std::string(text);
  }
  if (is_float_type(type)) {
    const std::string copy(text);  // strtod needs a terminated string
    char* end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (end == copy.c_str() + copy.size() && text != "NaN" &&
        text.find("nf") == std::string_view::npos) {
      return value;
    }
    return copy;
  }
  if (type == "bool") return text == "t";
  return std::string(text);
}

PgExecutor::PgExecutor(common::db::RawConnectionPool& pool, int statement_timeout_ms,
                       size_t max_result_bytes, common::db::RawConnectionPool* fallback)
    : pool_(pool),
      fallback_(fallback),
      statement_timeout_ms_(statement_timeout_ms),
      max_result_bytes_(max_result_bytes) {}

template <typename Attempt>
auto PgExecutor::on_analytics(Attempt&& attempt, std::string& database) {
  std::optional<ExecutionError> down;
  try {
    database = "analytics";
    return pool_.run(attempt);
  } catch (const common::db::ConnectFailed& e) {
    down = not_reachable(e);
  } catch (const ConnectionLost& e) {
    down = e;
  }
  if (fallback_ == nullptr) throw *down;
  // Only a database that could not be reached falls back: nothing ran there, and the fallback
  // runs the same read-only statement as the same reader in the same scope.
  common::log::warn("analytics_fallback",
                    {{"reason", down->detail()}, {"sqlstate", down->sqlstate()}});
  database = "analytics_fallback";
  try {
    return fallback_->run(attempt);
  } catch (const common::db::ConnectFailed& e) {
    throw not_reachable(e);
  }
}

std::string PgExecutor::type_name(PGconn* connection, unsigned oid) {
  if (const auto it = builtin_types().find(oid); it != builtin_types().end()) return it->second;
  std::lock_guard lock(types_mutex_);
  if (types_.empty() && connection != nullptr) {
    // Once per process, between statements: enums and domains of the data set (e.g. Pagila's
    // mpaa_rating).
    const Result rows(PQexec(connection, "SELECT oid::int8, typname FROM pg_catalog.pg_type"));
    if (PQresultStatus(rows.get()) == PGRES_TUPLES_OK) {
      for (int r = 0; r < PQntuples(rows.get()); ++r) {
        types_[static_cast<unsigned>(std::strtoul(PQgetvalue(rows.get(), r, 0), nullptr, 10))] =
            PQgetvalue(rows.get(), r, 1);
      }
    }
  }
  const auto it = types_.find(oid);
  return it == types_.end() ? "unknown" : it->second;
}

std::vector<std::string> PgExecutor::reader_settings(const ExecRequest& request) const {
  // Our own fixed text and validated integers only. (set_config() would make this one statement,
  // but the database does not let the analytics login call it: SET LOCAL is the only way in.)
  return {"SET LOCAL ROLE " + std::string(reader_role(request.role)),
          "SET LOCAL statement_timeout = " + std::to_string(statement_timeout_ms_),
          "SET LOCAL TimeZone = 'UTC'",
          "SET LOCAL search_path = public",
          "SET LOCAL client_connection_check_interval = 100",
          "SET LOCAL app.store_ids = '" + scope_setting(request.store_ids) + "'"};
}

std::string PgExecutor::explain_json(const ExecRequest& request) {
  std::string database;
  return on_analytics(
      [&](common::db::RawConnectionPool::Lease& lease) { return explain_on(lease, request); },
      database);
}

std::string PgExecutor::explain_on(common::db::RawConnectionPool::Lease& lease,
                                   const ExecRequest& request) {
  const std::vector<std::string> settings = reader_settings(request);
  const std::string explain = "EXPLAIN (FORMAT JSON) " + request.sql;
  PGconn* connection = lease.get();
  const auto send = [connection](const std::string& sql) {
    return PQsendQueryParams(connection, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) ==
           1;
  };
  // BEGIN, the settings, EXPLAIN, ROLLBACK and a sync in one pipeline: one round trip instead of
  // three.
  const int explain_index = static_cast<int>(settings.size()) + 1;
  bool sent = PQenterPipelineMode(connection) == 1 && send("BEGIN READ ONLY");
  for (const auto& setting : settings) sent = sent && send(setting);
  sent = sent && send(explain) && send("ROLLBACK") && PQpipelineSync(connection) == 1;
  if (!sent) throw lost(connection);  // nothing ran: EXPLAIN may be sent again
  std::string plan;
  std::optional<ExecutionError> failure;
  // Each statement's results end with a null; the sync's result comes last. Two nulls in a row
  // mean nothing more will come (a broken connection).
  int statement = 0;
  int nulls = 0;
  for (;;) {
    const Result r(PQgetResult(connection));
    if (!r) {
      if (++nulls > 1) break;
      ++statement;
      continue;
    }
    nulls = 0;
    const ExecStatusType status = PQresultStatus(r.get());
    if (status == PGRES_PIPELINE_SYNC) break;
    if (status == PGRES_TUPLES_OK && statement == explain_index && PQntuples(r.get()) == 1 &&
        PQnfields(r.get()) == 1) {
      plan.assign(PQgetvalue(r.get(), 0, 0), static_cast<size_t>(PQgetlength(r.get(), 0, 0)));
    } else if (status == PGRES_FATAL_ERROR && !failure) {
      failure = result_error(connection, r.get(), max_result_bytes_);
    }
  }
  if (PQstatus(connection) != CONNECTION_OK) throw lost(connection);  // EXPLAIN only plans
  if (PQexitPipelineMode(connection) != 1) {
    lease.mark_broken();
    throw failure ? *failure : unavailable(connection);
  }
  // A failed statement leaves the transaction open and aborted (the ROLLBACK was skipped).
  if (PQtransactionStatus(connection) != PQTRANS_IDLE) roll_back(connection, lease);
  if (failure) throw *failure;
  if (plan.empty()) throw unavailable(connection);
  return plan;
}

ExecResult PgExecutor::execute(const ExecRequest& request) {
  std::string database;
  ExecResult out = on_analytics(
      [&](common::db::RawConnectionPool::Lease& lease) { return execute_on(lease, request); },
      database);
  out.database = database;
  return out;
}

ExecResult PgExecutor::execute_on(common::db::RawConnectionPool::Lease& lease,
                                  const ExecRequest& request) {
  Cancellation* cancellation = Cancellation::current();
  if (cancellation != nullptr && cancellation->cancelled()) throw client_gone();
  // BEGIN READ ONLY and the transaction-local settings in one round trip; then the statement
  // alone through the extended protocol.
  std::string begin = "BEGIN READ ONLY";
  for (const auto& setting : reader_settings(request)) begin += "; " + setting;
  PGconn* connection = lease.get();
  (void)type_name(connection, 0);  // loads the catalog's types before any transaction, once

  const Result began(PQexec(connection, begin.c_str()));
  if (PQresultStatus(began.get()) != PGRES_COMMAND_OK) {
    if (PQstatus(connection) != CONNECTION_OK) throw lost(connection);  // nothing ran yet
    auto error = result_error(connection, began.get(), max_result_bytes_);
    roll_back(connection, lease);
    throw error;
  }

  // The client's cancellation only raises a flag: this thread, which looks at it while it waits
  // for rows, stops the statement itself.
  const Canceller canceller(PQgetCancel(connection));
  std::atomic<bool> cancelled{false};
  std::optional<Cancellation::Hook> hook;
  if (cancellation != nullptr) hook.emplace(cancellation->on_cancel([&] { cancelled = true; }));

  const int socket = PQsocket(connection);
  const auto start_bytes = bytes_received(socket);
  // What may arrive on the wire for a result within the limit: its bytes plus the protocol's
  // (row headers, column lengths) and one socket read of slack.
  const std::uint64_t wire_limit = max_result_bytes_ + max_result_bytes_ / 2 + size_t{256} * 1024;
  const std::string statement =
      request.fingerprint.empty() ? request.sql : row_guarded(request.sql, max_result_bytes_);
  if (PQsendQueryParams(connection, statement.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) ==
      0) {
    throw lost(connection);  // not sent: nothing ran
  }
  PQsetSingleRowMode(connection);

  enum class Stop { kNone, kCancelled, kTooLarge, kTooManyRows };
  Stop stop = Stop::kNone;
  ExecResult out;
  auto& result = out.result;
  bool described = false;
  bool returns_rows = false;
  size_t bytes = 0;
  std::vector<std::string> types;
  std::optional<ExecutionError> failure;

  const auto describe = [&](const PGresult* r) {
    if (described) return;
    described = true;
    const int columns = PQnfields(r);
    returns_rows = columns > 0;
    for (int c = 0; c < columns; ++c) {
      types.push_back(type_name(nullptr, PQftype(r, c)));
      result.columns.push_back({PQfname(r, c), types.back()});
    }
  };
  // Waits until libpq holds a whole result, watching the client and the bytes on the wire.
  const auto wait_for_result = [&]() -> Stop {
    while (PQisBusy(connection) != 0) {
      if (cancelled) return Stop::kCancelled;
      if (start_bytes) {
        const auto now = bytes_received(socket);
        if (now && *now - *start_bytes > wire_limit) return Stop::kTooLarge;
      }
      pollfd readable{socket, POLLIN, 0};
      (void)poll(&readable, 1, kPollMs);
      if (PQconsumeInput(connection) == 0) {
        // Read only: with no row handed on yet, running it again cannot be seen twice.
        if (result.rows.empty()) throw lost(connection);
        lease.mark_broken();
        throw unavailable(connection);
      }
    }
    return Stop::kNone;
  };

  while (stop == Stop::kNone) {
    stop = wait_for_result();
    if (stop != Stop::kNone) break;
    const Result r(PQgetResult(connection));
    if (!r) break;  // the statement is done
    switch (PQresultStatus(r.get())) {
      case PGRES_SINGLE_TUPLE: {
        describe(r.get());
        if (result.rows.size() >= kMaxRows) {
          result.truncated = true;
          stop = Stop::kTooManyRows;
          break;
        }
        const int columns = PQnfields(r.get());
        for (int c = 0; c < columns; ++c) bytes += static_cast<size_t>(PQgetlength(r.get(), 0, c));
        if (bytes > max_result_bytes_) {
          stop = Stop::kTooLarge;
          break;
        }
        std::vector<nlohmann::json> cells;
        cells.reserve(static_cast<size_t>(columns));
        for (int c = 0; c < columns; ++c) {
          cells.push_back(
              cell_json(std::string_view(PQgetvalue(r.get(), 0, c),
                                         static_cast<size_t>(PQgetlength(r.get(), 0, c))),
                        PQgetisnull(r.get(), 0, c) != 0, types[static_cast<size_t>(c)]));
        }
        result.rows.push_back(std::move(cells));
        break;
      }
      case PGRES_TUPLES_OK:   // the end of the rows (the only result when there are none)
      case PGRES_COMMAND_OK:  // a statement without rows
        describe(r.get());
        break;
      default:
        if (!failure) failure = result_error(connection, r.get(), max_result_bytes_);
        break;
    }
  }

  if (cancelled || stop != Stop::kNone) {
    // The statement may still be running or sending, and what is left could be huge: close the
    // connection rather than read it. The server ends the statement when it sees the socket
    // closed (client_connection_check_interval, set in `begin`) or, where that setting is
    // unknown, on the cancel request.
    shutdown(socket, SHUT_RDWR);
    std::array<char, 256> error{};
    if (canceller) PQcancel(canceller.get(), error.data(), static_cast<int>(error.size()));
    lease.mark_broken();
    if (cancelled) throw client_gone();
    if (stop == Stop::kTooLarge) throw too_large(max_result_bytes_);
    return out;  // more than kMaxRows rows: the first ones, marked truncated
  }
  if (PQstatus(connection) != CONNECTION_OK) {
    if (result.rows.empty()) throw lost(connection);
    lease.mark_broken();
    throw unavailable(connection);
  }
  roll_back(connection, lease);  // read-only: nothing to keep; also undoes any session SET
  if (failure) throw *failure;
  // A statement without a result set (PREPARE, LISTEN, DO ... — only reachable without the
  // guardrail) may leave session state a rollback does not undo: close that connection.
  if (!returns_rows) lease.mark_broken();
  return out;
}

}  // namespace copilot::execution
