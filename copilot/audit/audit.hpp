// copilot/audit/audit.hpp — the audit trail: one query_audit_logs row per request and one
// query_audit_events row per stage, for every request (answered, clarified, refused, failed).
//
// Writing is off the request path: record() only queues; a background writer inserts batches in
// one transaction each, so auditing adds well under 1 ms to a request. flush() (tests, shutdown)
// waits until everything queued is written; the destructor flushes.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/db/pool.hpp"
#include "copilot/core/types.hpp"

namespace copilot::audit {

struct AuditRecord {
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

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void record(AuditRecord record) = 0;
  // Returns once every record handed in before the call is written (or given up on).
  virtual void flush() = 0;
};

class BatchingAuditWriter final : public AuditSink {
 public:
  explicit BatchingAuditWriter(common::db::ConnectionPool& app_pool, size_t max_batch = 128,
                               std::chrono::milliseconds max_delay = std::chrono::milliseconds(20),
                               size_t max_queue = 20000);
  ~BatchingAuditWriter() override;
  BatchingAuditWriter(const BatchingAuditWriter&) = delete;
  BatchingAuditWriter& operator=(const BatchingAuditWriter&) = delete;

  void record(AuditRecord record) override;
  void flush() override;

  [[nodiscard]] size_t dropped() const;
  [[nodiscard]] size_t written() const;

 private:
  void run();
  void write(std::vector<AuditRecord>& batch);

  common::db::ConnectionPool& pool_;
  size_t max_batch_;
  std::chrono::milliseconds max_delay_;
  size_t max_queue_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<AuditRecord> queue_;
  size_t in_flight_ = 0;
  size_t dropped_ = 0;
  size_t written_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after every member above exists
};

}  // namespace copilot::audit
