// copilot/audit/audit.hpp — the audit trail: one query_audit_logs row per request and one
// query_audit_events row per stage, for every request (answered, clarified, refused, failed).
//
// Writing is off the request path: record() only queues; a background writer inserts batches in
// one transaction each, so auditing adds well under 1 ms to a request. flush() (tests, shutdown)
// waits until everything queued is written; the destructor flushes.
//
// Nothing is lost silently:
//   * every text is made storable before it is written (invalid UTF-8 → U+FFFD, NUL removed),
//     and a batch the database still refuses is written again record by record, a record it refuses
//     alone in a minimal form (ids, status, codes) — one bad record never costs the others;
//   * a full queue holds the recording request back (backpressure, up to `backpressure`) instead
//     of dropping; only a record that still finds no room is dropped — logged with its request
//     id and counted (counters().dropped, the copilot's /metrics);
//   * a record is never written over another request's row: its events go only with the row it
//     inserted, and a request id already in the trail (say, the gateway's) gets the record under
//     a new id, with the original named in an `audit` event.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "common/db/pool.hpp"
#include "copilot/core/types.hpp"

namespace copilot::audit {

struct AuditRecord {
  // The requester's organisation: the record joins that organisation's trail. A record without
  // one (0) is dropped, logged and counted, never written into a guessed organisation.
  long long org_id = 0;
  std::string request_id;
  std::string conversation_id;  // empty: none
  std::optional<long> user_id;
  std::string username;
  std::string role;
  std::vector<int> store_ids;
  std::string question;
  std::string status;  // ok | needs_clarification | refused | failed
  std::string error_stage, error_code, error_message;
  std::string final_sql;
  std::optional<int> row_count;
  std::string path;
  int http_status = 200;
  nlohmann::json timings = nlohmann::json::object();
  double total_ms = 0;
  std::vector<StageEvent> events;
};

struct AuditCounters {
  size_t queued = 0;              // waiting to be written
  size_t written = 0;             // rows written (re-keyed and minimal ones included)
  size_t dropped = 0;             // given up on: full queue after the wait, or unwritable
  size_t backpressure_waits = 0;  // record() calls that had to wait for room
  size_t row_fallbacks = 0;       // batches written record by record after a refusal
  size_t rekeyed = 0;             // records written under a new id (their id was taken)
};

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void record(AuditRecord record) = 0;
  // Returns once every record handed in before the call is written (or given up on).
  virtual void flush() = 0;
};

class BatchingAuditWriter final : public AuditSink {
 public:
  explicit BatchingAuditWriter(
      common::db::ConnectionPool& app_pool, size_t max_batch = 128,
      std::chrono::milliseconds max_delay = std::chrono::milliseconds(20), size_t max_queue = 20000,
      std::chrono::milliseconds backpressure = std::chrono::milliseconds(10000));
  ~BatchingAuditWriter() override;
  BatchingAuditWriter(const BatchingAuditWriter&) = delete;
  BatchingAuditWriter& operator=(const BatchingAuditWriter&) = delete;

  void record(AuditRecord record) override;
  void flush() override;

  [[nodiscard]] size_t dropped() const;
  [[nodiscard]] size_t written() const;
  [[nodiscard]] AuditCounters counters() const;

 private:
  void run();
  // Writes a batch (what cannot be written is dropped: logged and counted).
  void write(std::vector<AuditRecord>& batch);
  // One organisation's records (every insert below runs in a transaction scoped to it).
  void write_org(std::vector<AuditRecord>& batch);
  // Writes every record, in one transaction or, when the database refuses it, one by one (a
  // record refused alone in its minimal form); records whose id is taken go under new ids.
  // Removes from `pending` what it has dealt with: on a connection error (rethrown) `pending`
  // holds exactly what is left to write.
  void insert_all(std::vector<AuditRecord>& pending);
  // One transaction: the rows, then the events of the rows it inserted; the ids it inserted.
  std::unordered_set<std::string> insert(std::span<const AuditRecord> records);
  void count_written(size_t rows);
  void drop(const AuditRecord& record, const std::string& why);

  common::db::ConnectionPool& pool_;
  size_t max_batch_;
  std::chrono::milliseconds max_delay_;
  size_t max_queue_;
  std::chrono::milliseconds backpressure_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::condition_variable room_;
  std::deque<AuditRecord> queue_;
  size_t in_flight_ = 0;
  AuditCounters counters_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after every member above exists
};

// The record with every text made storable (common::text::sanitize_utf8), in strings and
// in the JSON of timings and events (keys included).
AuditRecord storable(AuditRecord record);

}  // namespace copilot::audit
