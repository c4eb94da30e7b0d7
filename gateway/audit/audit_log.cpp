#include "gateway/audit/audit_log.hpp"

#include <cctype>
#include <charconv>
#include <map>

#include "common/error/error.hpp"
#include "common/log/log.hpp"
#include "gateway/server/db.hpp"

namespace gateway::audit {
namespace {

using nlohmann::json;

std::string int_array_literal(const std::vector<int>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(values[i]);
  }
  return out + "}";
}

std::string text_array_literal(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::optional<int> parse_int(const std::string& text) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

constexpr const char* kIsoFormat = "YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"";

json nullable_text(const pqxx::field& field) {
  return field.is_null() ? json(nullptr) : json(field.c_str());
}

}  // namespace

AuditWriter::AuditWriter(common::db::ConnectionPool& pool, size_t max_queue)
    : pool_(pool), max_queue_(max_queue), worker_([this] { run(); }) {}

AuditWriter::~AuditWriter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void AuditWriter::record(GatewayRecord record) {
  {
    const std::lock_guard lock(mutex_);
    if (queue_.size() >= max_queue_) {
      common::log::warn("audit_dropped", {{"request_id", record.request_id}});
      return;
    }
    queue_.push_back(std::move(record));
  }
  ready_.notify_one();
}

void AuditWriter::run() {
  for (;;) {
    GatewayRecord next;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      write(next);
    } catch (const std::exception& e) {
      common::log::error("audit_write_failed",
                         {{"request_id", next.request_id}, {"what", e.what()}});
    }
  }
}

void AuditWriter::write(const GatewayRecord& r) {
  const bool failed = r.http_status >= 500;
  const std::string status = failed ? "failed" : "refused";
  const json details = {
      {"code", r.error_code}, {"http_status", r.http_status}, {"message", r.error_message}};
  const json timings = {{"gateway", r.total_ms}, {"total", r.total_ms}};
  db::with_connection(pool_, [&](pqxx::connection& conn) {
    pqxx::work tx(conn);
    const char* conversation = r.conversation_id ? r.conversation_id->c_str() : nullptr;
    const std::string user_id = r.user_id ? std::to_string(*r.user_id) : std::string();
    // The copilot may already have a row for this request (a bad reply after it audited): the
    // gateway's outcome is the final one, so it overwrites the status fields.
    tx.exec_params(
        "INSERT INTO query_audit_logs (request_id, conversation_id, user_id, username, role, "
        "  store_ids, question, status, error_stage, error_code, error_message, source, "
        "  http_status, timings, total_ms) "
        "VALUES ($1, $2::uuid, nullif($3, '')::bigint, nullif($4, ''), nullif($5, ''), "
        "  $6::integer[], nullif($7, ''), $8, 'gateway', $9, $10, 'gateway', $11, $12::jsonb, $13) "
        "ON CONFLICT (request_id) DO UPDATE SET status = EXCLUDED.status, "
        "  error_stage = 'gateway', error_code = EXCLUDED.error_code, "
        "  error_message = EXCLUDED.error_message, source = 'gateway', "
        "  http_status = EXCLUDED.http_status",
        r.request_id, conversation, user_id, r.username, r.role, int_array_literal(r.store_ids),
        r.question, status, r.error_code, r.error_message, r.http_status, timings.dump(),
        r.total_ms);
    tx.exec_params(
        "INSERT INTO query_audit_events (request_id, seq, stage, status, duration_ms, details) "
        "SELECT $1, coalesce(max(seq) + 1, 0), 'gateway', $2, $3, $4::jsonb "
        "FROM query_audit_events WHERE request_id = $1",
        r.request_id, status, r.total_ms, details.dump());
    tx.commit();
  });
}

bool is_iso_timestamp(std::string_view t) {
  const auto digits = [&](size_t at, size_t n) {
    if (at + n > t.size()) return false;
    for (size_t i = at; i < at + n; ++i) {
      if (std::isdigit(static_cast<unsigned char>(t[i])) == 0) return false;
    }
    return true;
  };
  if (!digits(0, 4) || t.size() < 10 || t[4] != '-' || !digits(5, 2) || t[7] != '-' ||
      !digits(8, 2)) {
    return false;
  }
  size_t i = 10;
  if (i == t.size()) return true;
  if (t[i] != 'T' && t[i] != 't' && t[i] != ' ') return false;
  if (!digits(i + 1, 2) || i + 3 >= t.size() || t[i + 3] != ':' || !digits(i + 4, 2)) return false;
  i += 6;
  if (i < t.size() && t[i] == ':') {
    if (!digits(i + 1, 2)) return false;
    i += 3;
    if (i < t.size() && t[i] == '.') {
      size_t n = 0;
      while (i + 1 + n < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1 + n])) != 0)
        ++n;
      if (n == 0 || n > 9) return false;
      i += 1 + n;
    }
  }
  if (i == t.size()) return true;
  if ((t[i] == 'Z' || t[i] == 'z') && i + 1 == t.size()) return true;
  if ((t[i] == '+' || t[i] == '-') && digits(i + 1, 2)) {
    if (i + 3 == t.size()) return true;
    return i + 6 == t.size() && t[i + 3] == ':' && digits(i + 4, 2);
  }
  return false;
}

AuditQuery parse_audit_query(const std::optional<std::string>& limit,
                             const std::optional<std::string>& offset,
                             const std::optional<std::string>& status,
                             const std::optional<std::string>& user,
                             const std::optional<std::string>& since,
                             const std::optional<std::string>& until) {
  AuditQuery q;
  if (limit) {
    const auto value = parse_int(*limit);
    if (!value || *value < 1 || *value > 500) {
      throw common::Error::invalid_field("limit", "limit must be an integer from 1 to 500");
    }
    q.limit = *value;
  }
  if (offset) {
    const auto value = parse_int(*offset);
    if (!value || *value < 0) {
      throw common::Error::invalid_field("offset", "offset must be an integer of at least 0");
    }
    q.offset = *value;
  }
  const auto short_text = [](const std::optional<std::string>& v, const char* name) {
    if (v && (v->empty() || v->size() > 64)) {
      throw common::Error::invalid_field(name, std::string(name) + " must be 1-64 characters");
    }
    return v;
  };
  q.status = short_text(status, "status");
  q.user = short_text(user, "user");
  for (const auto& [value, name] : {std::pair{&since, "since"}, std::pair{&until, "until"}}) {
    if (*value && !is_iso_timestamp(**value)) {
      throw common::Error::invalid_field(name, std::string(name) + " must be an ISO-8601 time");
    }
  }
  q.since = since;
  q.until = until;
  return q;
}

json read_audit_page(common::db::ConnectionPool& pool, const AuditQuery& q) {
  static constexpr const char* kWhere =
      " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR username = $2) "
      "   AND ($3::timestamptz IS NULL OR created_at >= $3::timestamptz) "
      "   AND ($4::timestamptz IS NULL OR created_at < $4::timestamptz) ";
  const auto param = [](const std::optional<std::string>& v) { return v ? v->c_str() : nullptr; };
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    try {
      pqxx::work tx(conn);
      const auto total =
          tx.exec_params(std::string("SELECT count(*) FROM query_audit_logs") + kWhere,
                         param(q.status), param(q.user), param(q.since), param(q.until))[0][0]
              .as<long long>();
      const auto rows = tx.exec_params(
          std::string("SELECT request_id, conversation_id::text, username, role, store_ids::text, "
                      "  question, status, error_stage, final_sql, total_ms, "
                      "  to_char(created_at AT TIME ZONE 'UTC', '") +
              kIsoFormat + "'), source, http_status, error_code FROM query_audit_logs" + kWhere +
              " ORDER BY created_at DESC, request_id LIMIT $5 OFFSET $6",
          param(q.status), param(q.user), param(q.since), param(q.until), q.limit, q.offset);
      json items = json::array();
      std::vector<std::string> ids;
      std::map<std::string, size_t> index;
      for (const auto& row : rows) {
        json item = {{"request_id", row[0].c_str()},
                     {"conversation_id", nullable_text(row[1])},
                     {"username", nullable_text(row[2])},
                     {"role", nullable_text(row[3])},
                     {"store_ids", nullptr},
                     {"question", nullable_text(row[5])},
                     {"status", row[6].c_str()},
                     {"error_stage", nullable_text(row[7])},
                     {"sql", nullable_text(row[8])},
                     {"total_ms", row[9].is_null() ? json(nullptr) : json(row[9].as<double>())},
                     {"created_at", row[10].c_str()},
                     {"source", nullable_text(row[11])},
                     {"http_status", row[12].is_null() ? json(nullptr) : json(row[12].as<int>())},
                     {"error_code", nullable_text(row[13])},
                     {"events", json::array()}};
        if (!row[4].is_null()) {
          json stores = json::array();
          std::string_view text = row[4].c_str();
          if (text.size() >= 2) text = text.substr(1, text.size() - 2);
          while (!text.empty()) {
            const size_t comma = text.find(',');
            int v = 0;
            const auto part = text.substr(0, comma);
            if (std::from_chars(part.data(), part.data() + part.size(), v).ec == std::errc()) {
              stores.push_back(v);
            }
            if (comma == std::string_view::npos) break;
            text.remove_prefix(comma + 1);
          }
          item["store_ids"] = stores;
        }
        index[row[0].c_str()] = items.size();
        ids.emplace_back(row[0].c_str());
        items.push_back(std::move(item));
      }
      if (!ids.empty()) {
        const auto events = tx.exec_params(
            std::string("SELECT request_id, stage, status, duration_ms, details::text, "
                        "  to_char(created_at AT TIME ZONE 'UTC', '") +
                kIsoFormat +
                "') FROM query_audit_events WHERE request_id = ANY($1::text[]) "
                "ORDER BY request_id, seq, event_id",
            text_array_literal(ids));
        for (const auto& row : events) {
          const auto it = index.find(row[0].c_str());
          if (it == index.end()) continue;
          auto details = json::parse(row[4].is_null() ? "null" : row[4].c_str(), nullptr, false);
          if (details.is_discarded()) details = nullptr;
          items[it->second]["events"].push_back({{"stage", row[1].c_str()},
                                                 {"status", row[2].c_str()},
                                                 {"duration_ms", row[3].as<double>()},
                                                 {"details", details},
                                                 {"created_at", row[5].c_str()}});
        }
      }
      tx.commit();
      return json{{"items", items}, {"total", total}, {"limit", q.limit}, {"offset", q.offset}};
    } catch (const pqxx::data_exception&) {
      // A date the syntax check let through but PostgreSQL cannot read (2026-02-31).
      throw common::Error::invalid_field("since", "since/until must be valid times");
    }
  });
}

}  // namespace gateway::audit
