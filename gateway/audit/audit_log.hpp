// gateway/audit/audit_log.hpp — the gateway's part of the audit trail.
// Requests refused or failed at the gateway (401 with a verified identity, 403, 413, 415, 422,
// 429 for a known user; 502/503/504 from the copilot) leave one query_audit_logs row with
// source 'gateway' and one query_audit_events row with stage 'gateway'. Rows are written by one
// background thread so a refusal never waits on the database; the queue is bounded and a full
// queue drops (and logs) rather than blocks. The admin endpoint reads pages of the trail.
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

namespace gateway::audit {

struct GatewayRecord {
  std::string request_id;
  std::optional<std::string> conversation_id;
  std::optional<long long> user_id;
  std::string username;
  std::string role;
  std::vector<int> store_ids;
  std::string question;
  int http_status = 0;
  std::string error_code;
  std::string error_message;
  double total_ms = 0;
};

class AuditWriter {
 public:
  explicit AuditWriter(common::db::ConnectionPool& pool, size_t max_queue = 10000);
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;
  ~AuditWriter();  // drains what is queued, then stops

  void record(GatewayRecord record);

 private:
  void run();
  void write(const GatewayRecord& record);

  common::db::ConnectionPool& pool_;
  size_t max_queue_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<GatewayRecord> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

struct AuditQuery {
  int limit = 50;
  int offset = 0;
  std::optional<std::string> status;
  std::optional<std::string> user;
  std::optional<std::string> since;
  std::optional<std::string> until;
};

// Validates the query parameters of GET /api/audit (422 invalid_field on a bad one).
AuditQuery parse_audit_query(const std::optional<std::string>& limit,
                             const std::optional<std::string>& offset,
                             const std::optional<std::string>& status,
                             const std::optional<std::string>& user,
                             const std::optional<std::string>& since,
                             const std::optional<std::string>& until);

// True for an ISO-8601 date or date-time (YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]).
bool is_iso_timestamp(std::string_view text);

// {items:[...with events], total, limit, offset}, newest first.
nlohmann::json read_audit_page(common::db::ConnectionPool& pool, const AuditQuery& query);

}  // namespace gateway::audit
