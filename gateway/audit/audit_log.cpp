#include "gateway/audit/audit_log.hpp"

#include <cctype>
#include <charconv>
#include <map>

#include "common/db/org_transaction.hpp"
#include "common/db/pg_array.hpp"
#include "common/error/error.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "common/text/utf8.hpp"
#include "gateway/server/db.hpp"

namespace gateway::audit {
namespace {

using nlohmann::json;

std::optional<int> parse_int(const std::string& text) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// The part of a refused question the trail keeps (the limit is 1000 characters).
constexpr size_t kMaxAuditedQuestionBytes = 4000;

constexpr const char* kIsoFormat = "YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"";

json nullable_text(const pqxx::field& field) {
  return field.is_null() ? json(nullptr) : json(field.c_str());
}

}  // namespace

GatewayRecord storable(GatewayRecord r) {
  const auto storable_utf8 = [](const std::string& text, size_t max_bytes) {
    const std::string clean = common::text::sanitize_utf8(text);
    return std::string(common::text::truncate_utf8(clean, max_bytes));
  };
  r.client_request_id = storable_utf8(r.client_request_id, 128);
  r.username = storable_utf8(r.username, 128);
  r.role = storable_utf8(r.role, 64);
  r.question = storable_utf8(r.question, kMaxAuditedQuestionBytes);
  r.error_code = storable_utf8(r.error_code, 64);
  r.error_message = storable_utf8(r.error_message, 1000);
  if (r.conversation_id && !common::ids::is_uuid(*r.conversation_id)) r.conversation_id.reset();
  return r;
}

AuditWriter::AuditWriter(common::db::ConnectionPool& pool, Options options)
    : pool_(pool), options_(options), worker_([this] { run(); }) {}

AuditWriter::~AuditWriter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  if (worker_.joinable()) worker_.join();
}

bool AuditWriter::record(GatewayRecord record) {
  GatewayRecord clean = storable(std::move(record));
  {
    std::unique_lock lock(mutex_);
    if (!room_.wait_for(lock, options_.max_wait,
                        [&] { return queue_.size() < options_.max_queue || stopping_; })) {
      ++dropped_;
      common::log::error("audit_dropped",
                         {{"request_id", clean.request_id}, {"queued", queue_.size()}});
      return false;
    }
    queue_.push_back(std::move(clean));
  }
  ready_.notify_one();
  return true;
}

AuditWriter::Counts AuditWriter::counts() {
  const std::lock_guard lock(mutex_);
  return {written_.load(), dropped_.load(), queue_.size()};
}

void AuditWriter::run() {
  for (;;) {
    std::vector<GatewayRecord> batch;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    room_.notify_all();
    write_batch(batch);
  }
}

void AuditWriter::write_batch(const std::vector<GatewayRecord>& records) {
  // Each organisation's rows go into its own trail, in a transaction scoped to it.
  std::map<long long, std::vector<GatewayRecord>> by_org;
  for (const auto& record : records) {
    if (record.org_id <= 0) {
      ++dropped_;
      common::log::error("audit_without_organisation", {{"request_id", record.request_id}});
      continue;
    }
    by_org[record.org_id].push_back(record);
  }
  for (const auto& [org, batch] : by_org) write_org_batch(batch);
}

void AuditWriter::write_org_batch(const std::vector<GatewayRecord>& batch) {
  // The database may be restarting: a few tries before the rows are given one by one.
  for (int attempt = 0; attempt < 5; ++attempt) {
    try {
      write_rows(batch);
      written_ += batch.size();
      return;
    } catch (const pqxx::broken_connection& e) {
      common::log::warn("audit_write_retry", {{"rows", batch.size()}, {"what", e.what()}});
      std::this_thread::sleep_for(std::chrono::milliseconds(200 * (attempt + 1)));
    } catch (const std::exception& e) {
      common::log::warn("audit_batch_refused", {{"rows", batch.size()}, {"what", e.what()}});
      break;
    }
  }
  // One record the database refuses must not take the others with it.
  for (const auto& record : batch) {
    try {
      write_rows({record});
      ++written_;
    } catch (const std::exception& e) {
      ++dropped_;
      common::log::error("audit_write_failed",
                         {{"request_id", record.request_id}, {"what", e.what()}});
    }
  }
}

void AuditWriter::write_rows(const std::vector<GatewayRecord>& rows) {
  auto lease = pool_.acquire();
  try {
    common::db::OrgTransaction tx(*lease, rows.front().org_id);
    const auto text = [&](const std::string& value) {
      return value.empty() ? std::string("NULL") : tx.quote(value);
    };
    // A request appears once per statement (ON CONFLICT may touch a row only once).
    std::map<std::string, const GatewayRecord*> unique;
    for (const auto& r : rows) unique[r.request_id] = &r;
    std::string logs =
        "INSERT INTO query_audit_logs (request_id, client_request_id, conversation_id, user_id, "
        "username, role, store_ids, question, status, error_stage, error_code, error_message, "
        "source, http_status, timings, total_ms) VALUES ";
    std::string events =
        "INSERT INTO query_audit_events (request_id, seq, stage, status, duration_ms, details) "
        "SELECT v.request_id, coalesce((SELECT max(e.seq) + 1 FROM query_audit_events e "
        "WHERE e.request_id = v.request_id), 0), 'gateway', v.status, v.ms, v.details::jsonb "
        "FROM (VALUES ";
    bool first = true;
    for (const auto& [id, r] : unique) {
      const std::string status = !r->status.empty()      ? r->status
                                 : r->http_status == 499 ? "cancelled"
                                 : r->http_status >= 500 ? "failed"
                                                         : "refused";
      json details = {
          {"code", r->error_code}, {"http_status", r->http_status}, {"message", r->error_message}};
      if (r->details.is_object()) details.update(r->details);
      const json timings = {{"gateway", r->total_ms}, {"total", r->total_ms}};
      const std::string ms = std::to_string(r->total_ms);
      if (!first) {
        logs += ',';
        events += ',';
      }
      first = false;
      logs += "(" + tx.quote(r->request_id) + "," + text(r->client_request_id) + "," +
              (r->conversation_id ? tx.quote(*r->conversation_id) + "::uuid" : "NULL") + "," +
              (r->user_id ? std::to_string(*r->user_id) : std::string("NULL")) + "," +
              text(r->username) + "," + text(r->role) + "," +
              tx.quote(common::db::int_array(r->store_ids)) + "::integer[]," + text(r->question) +
              "," + tx.quote(status) + ",'gateway'," + tx.quote(r->error_code) + "," +
              tx.quote(r->error_message) + ",'gateway'," + std::to_string(r->http_status) + "," +
              tx.quote(timings.dump()) + "::jsonb," + ms + ")";
      events += "(" + tx.quote(r->request_id) + "," + tx.quote(status) + "," + ms + "::float8," +
                tx.quote(details.dump()) + ")";
    }
    // The copilot may already have a row for this very request (a reply the gateway then
    // refused or could not deliver): the gateway's outcome is the final one. Only that row, of
    // the same user, is ever updated; request ids are the gateway's, so no client can aim it
    // at another request's row.
    logs +=
        " ON CONFLICT (request_id) DO UPDATE SET status = EXCLUDED.status, "
        "error_stage = 'gateway', error_code = EXCLUDED.error_code, "
        "error_message = EXCLUDED.error_message, source = 'gateway', "
        "http_status = EXCLUDED.http_status "
        "WHERE query_audit_logs.source = 'copilot' "
        "AND query_audit_logs.user_id IS NOT DISTINCT FROM EXCLUDED.user_id";
    events += ") AS v(request_id, status, ms, details)";
    tx.exec0(logs);
    tx.exec0(events);
    tx.commit();
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw;
  }
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

json read_audit_page(common::db::ConnectionPool& pool, long long org_id, const AuditQuery& q) {
  static constexpr const char* kWhere =
      " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR username = $2) "
      "   AND ($3::timestamptz IS NULL OR created_at >= $3::timestamptz) "
      "   AND ($4::timestamptz IS NULL OR created_at < $4::timestamptz) ";
  const auto param = [](const std::optional<std::string>& v) { return v ? v->c_str() : nullptr; };
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    try {
      common::db::OrgTransaction tx(conn, org_id);
      const auto total =
          tx.exec_params(std::string("SELECT count(*) FROM query_audit_logs") + kWhere,
                         param(q.status), param(q.user), param(q.since), param(q.until))[0][0]
              .as<long long>();
      const auto rows = tx.exec_params(
          std::string("SELECT request_id, conversation_id::text, username, role, store_ids::text, "
                      "  question, status, error_stage, final_sql, total_ms, "
                      "  to_char(created_at AT TIME ZONE 'UTC', '") +
              kIsoFormat +
              "'), source, http_status, error_code, client_request_id FROM query_audit_logs" +
              kWhere + " ORDER BY created_at DESC, request_id LIMIT $5 OFFSET $6",
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
                     {"client_request_id", nullable_text(row[14])},
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
            common::db::text_array(ids));
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
