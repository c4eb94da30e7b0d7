#include "copilot/audit/audit.hpp"

#include <cmath>
#include <map>
#include <span>
#include <unordered_set>

#include "common/db/org_transaction.hpp"
#include "common/db/pg_array.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "common/text/utf8.hpp"

namespace copilot::audit {
namespace {

using nlohmann::json;

// The most of one text an audit row keeps (a question is at most 8 KB; SQL, messages and event
// details far less): what is longer is cut on a character boundary.
constexpr size_t kMaxAuditText = size_t{1} << 20;

std::string storable_text(std::string_view text) {
  const std::string clean = common::text::sanitize_utf8(text);
  return std::string(common::text::truncate_utf8(clean, kMaxAuditText));
}

// A batch that cannot reach the database is tried this many times (with a growing pause) before
// its records are given up on.
constexpr int kConnectAttempts = 5;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A number PostgreSQL reads back (NaN and infinities are not numbers in SQL text).
std::string number(double value) { return std::isfinite(value) ? std::to_string(value) : "0"; }

json storable_json(const json& value) {
  if (value.is_string()) return storable_text(value.get_ref<const std::string&>());
  if (value.is_array()) {
    json out = json::array();
    for (const auto& item : value) out.push_back(storable_json(item));
    return out;
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) {
      out[storable_text(key)] = storable_json(item);
    }
    return out;
  }
  if (value.is_number_float() && !std::isfinite(value.get<double>())) return nullptr;
  return value;
}

// What is left of a record the database refused even alone: who and what outcome (ids, role,
// stores, status and codes), without any free text.
AuditRecord minimal(AuditRecord r) {
  r.conversation_id.clear();
  r.username.clear();
  r.question = "[not storable]";
  r.error_message.clear();
  r.final_sql.clear();
  r.path.clear();
  r.row_count.reset();
  r.timings = json::object();
  r.total_ms = 0;
  r.events = {{"audit", "minimal", 0, {{"reason", "the full record was refused"}}}};
  return r;
}

}  // namespace

AuditRecord storable(AuditRecord r) {
  for (std::string* text :
       {&r.request_id, &r.conversation_id, &r.username, &r.role, &r.question, &r.status,
        &r.error_stage, &r.error_code, &r.error_message, &r.final_sql, &r.path}) {
    *text = storable_text(*text);
  }
  r.timings = storable_json(r.timings);
  for (auto& e : r.events) {
    e.stage = storable_text(e.stage);
    e.status = storable_text(e.status);
    e.details = storable_json(e.details);
    if (!std::isfinite(e.duration_ms)) e.duration_ms = 0;
  }
  if (!std::isfinite(r.total_ms)) r.total_ms = 0;
  return r;
}

BatchingAuditWriter::BatchingAuditWriter(common::db::ConnectionPool& app_pool, size_t max_batch,
                                         std::chrono::milliseconds max_delay, size_t max_queue,
                                         std::chrono::milliseconds backpressure)
    : pool_(app_pool),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      max_delay_(max_delay),
      max_queue_(max_queue == 0 ? 1 : max_queue),
      backpressure_(backpressure),
      thread_([this] { run(); }) {}

BatchingAuditWriter::~BatchingAuditWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  room_.notify_all();
  thread_.join();  // run() drains the queue before it returns
}

void BatchingAuditWriter::record(AuditRecord record) {
  {
    std::unique_lock lock(mutex_);
    if (queue_.size() >= max_queue_) {
      // Backpressure: the request waits for the writer rather than its record being lost.
      ++counters_.backpressure_waits;
      wake_.notify_one();
      room_.wait_for(lock, backpressure_, [&] { return queue_.size() < max_queue_ || stopping_; });
      if (queue_.size() >= max_queue_) {
        ++counters_.dropped;
        lock.unlock();
        drop(record, "audit queue full");
        return;
      }
    }
    queue_.push_back(std::move(record));
  }
  wake_.notify_one();
}

void BatchingAuditWriter::flush() {
  std::unique_lock lock(mutex_);
  wake_.notify_one();
  idle_.wait(lock, [&] { return queue_.empty() && in_flight_ == 0; });
}

size_t BatchingAuditWriter::dropped() const {
  std::lock_guard lock(mutex_);
  return counters_.dropped;
}

size_t BatchingAuditWriter::written() const {
  std::lock_guard lock(mutex_);
  return counters_.written;
}

AuditCounters BatchingAuditWriter::counters() const {
  std::lock_guard lock(mutex_);
  AuditCounters out = counters_;
  out.queued = queue_.size() + in_flight_;
  return out;
}

void BatchingAuditWriter::drop(const AuditRecord& record, const std::string& why) {
  // The log keeps what the trail could not: enough to find the request again.
  common::log::error("audit_record_dropped", {{"request_id", storable_text(record.request_id)},
                                              {"status", record.status},
                                              {"http_status", record.http_status},
                                              {"error_code", record.error_code},
                                              {"why", why}});
}

void BatchingAuditWriter::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty() && stopping_) break;
    // Give a burst a moment to gather into one batch (unless stopping or already full).
    if (!stopping_ && queue_.size() < max_batch_) {
      wake_.wait_for(lock, max_delay_, [&] { return stopping_ || queue_.size() >= max_batch_; });
    }
    std::vector<AuditRecord> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    in_flight_ = batch.size();
    room_.notify_all();
    lock.unlock();
    write(batch);
    lock.lock();
    in_flight_ = 0;
    if (queue_.empty()) idle_.notify_all();
  }
  idle_.notify_all();
}

void BatchingAuditWriter::count_written(size_t rows) {
  std::lock_guard lock(mutex_);
  counters_.written += rows;
}

void BatchingAuditWriter::write(std::vector<AuditRecord>& batch) {
  std::map<long long, std::vector<AuditRecord>> by_org;
  for (auto& record : batch) {
    if (record.org_id <= 0) {
      {
        std::lock_guard lock(mutex_);
        ++counters_.dropped;
      }
      drop(record, "the record names no organisation");
      continue;
    }
    by_org[record.org_id].push_back(std::move(record));
  }
  batch.clear();
  for (auto& [org, records] : by_org) write_org(records);
}

void BatchingAuditWriter::write_org(std::vector<AuditRecord>& batch) {
  for (auto& record : batch) record = storable(std::move(record));
  for (int attempt = 1;; ++attempt) {
    try {
      insert_all(batch);
      return;
    } catch (const std::exception& e) {
      // Only a connection problem reaches here (insert_all handles what the database refuses);
      // `batch` holds what is not written yet.
      common::log::error("audit_write_failed",
                         {{"attempt", attempt}, {"records", batch.size()}, {"what", e.what()}});
      if (attempt >= kConnectAttempts) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100) * (1 << attempt));
    }
  }
  {
    std::lock_guard lock(mutex_);
    counters_.dropped += batch.size();
  }
  for (const auto& record : batch) drop(record, "app database unreachable");
  batch.clear();
}

void BatchingAuditWriter::insert_all(std::vector<AuditRecord>& pending) {
  std::vector<AuditRecord> taken;
  try {
    const auto inserted = insert(pending);
    count_written(inserted.size());
    for (auto& r : pending) {
      if (inserted.count(r.request_id) == 0) taken.push_back(std::move(r));
    }
    pending.clear();
  } catch (const pqxx::broken_connection&) {
    throw;
  } catch (const std::exception& e) {
    // The database refused something in the batch: find it by writing each record on its own.
    common::log::warn("audit_batch_refused", {{"records", pending.size()}, {"what", e.what()}});
    {
      std::lock_guard lock(mutex_);
      ++counters_.row_fallbacks;
    }
    while (!pending.empty()) {
      auto& record = pending.front();
      try {
        const auto inserted = insert({&record, 1});
        count_written(inserted.size());
        if (inserted.empty()) taken.push_back(std::move(record));
      } catch (const pqxx::broken_connection&) {
        throw;
      } catch (const std::exception& alone) {
        common::log::warn("audit_record_refused",
                          {{"request_id", record.request_id}, {"what", alone.what()}});
        const AuditRecord reduced = minimal(record);
        try {
          count_written(insert({&reduced, 1}).size());
        } catch (const pqxx::broken_connection&) {
          throw;
        } catch (const std::exception& last) {
          {
            std::lock_guard lock(mutex_);
            ++counters_.dropped;
          }
          drop(record, last.what());
        }
      }
      pending.erase(pending.begin());
    }
  }
  if (taken.empty()) return;
  // A request id already in the trail: this record goes under a new id, naming the original.
  for (auto& r : taken) {
    const std::string original = r.request_id;
    r.request_id = "rekeyed-" + common::ids::new_uuid();
    r.events.push_back({"audit", "rekeyed", 0, {{"original_request_id", original}}});
    common::log::warn("audit_request_id_taken",
                      {{"request_id", original}, {"recorded_as", r.request_id}});
  }
  {
    std::lock_guard lock(mutex_);
    counters_.rekeyed += taken.size();
  }
  try {
    insert_all(taken);  // fresh ids: nothing is taken again
  } catch (...) {
    for (auto& r : taken) pending.push_back(std::move(r));  // retried with the rest
    throw;
  }
}

std::unordered_set<std::string> BatchingAuditWriter::insert(std::span<const AuditRecord> records) {
  if (records.empty()) return {};
  auto lease = pool_.acquire();
  try {
    // write() hands over one organisation's records at a time.
    common::db::OrgTransaction tx(*lease, records.front().org_id);
    // Audit rows are durable before they count as written, whatever the pool's default.
    tx.exec0("SET LOCAL synchronous_commit = on");
    const auto text = [&](const std::string& s) {
      return s.empty() ? std::string("NULL") : tx.quote(s);
    };
    std::string logs =
        "INSERT INTO query_audit_logs (request_id, conversation_id, user_id, username, role, "
        "store_ids, question, status, error_stage, error_code, error_message, final_sql, "
        "row_count, path, source, http_status, timings, total_ms) VALUES ";
    for (size_t i = 0; i < records.size(); ++i) {
      const auto& r = records[i];
      if (i > 0) logs += ",";
      logs += "(" + tx.quote(r.request_id) + "," +
              (common::ids::is_uuid(r.conversation_id) ? tx.quote(r.conversation_id) + "::uuid"
                                                       : std::string("NULL")) +
              "," + (r.user_id ? std::to_string(*r.user_id) : std::string("NULL")) + "," +
              text(r.username) + "," + text(r.role) + "," +
              tx.quote(common::db::int_array(r.store_ids)) + "::integer[]," + text(r.question) +
              "," + tx.quote(r.status) + "," + text(r.error_stage) + "," + text(r.error_code) +
              "," + text(r.error_message) + "," + text(r.final_sql) + "," +
              (r.row_count ? std::to_string(*r.row_count) : std::string("NULL")) + "," +
              text(r.path) + ",'copilot'," + std::to_string(r.http_status) + "," +
              tx.quote(dump(r.timings)) + "::jsonb," + number(r.total_ms) + ")";
    }
    // Never over another request's row: a taken id inserts nothing, and its events wait.
    logs += " ON CONFLICT (request_id) DO NOTHING RETURNING request_id";
    std::unordered_set<std::string> inserted;
    for (const auto& row : tx.exec(logs)) inserted.insert(row[0].as<std::string>());

    std::string events =
        "INSERT INTO query_audit_events (request_id, seq, stage, status, duration_ms, details) "
        "VALUES ";
    size_t event_count = 0;
    for (const auto& r : records) {
      if (inserted.count(r.request_id) == 0) continue;
      for (size_t seq = 0; seq < r.events.size(); ++seq) {
        const auto& e = r.events[seq];
        if (event_count++ > 0) events += ",";
        events += "(" + tx.quote(r.request_id) + "," + std::to_string(seq + 1) + "," +
                  tx.quote(e.stage) + "," + tx.quote(e.status) + "," + number(e.duration_ms) + "," +
                  tx.quote(dump(e.details)) + "::jsonb)";
      }
    }
    if (event_count > 0) tx.exec0(events);
    tx.commit();
    return inserted;
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw;
  }
}

}  // namespace copilot::audit
