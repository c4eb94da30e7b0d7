// gateway/audit/audit_log.hpp — the gateway's part of the audit trail.
// Requests refused or failed at the gateway (401 with a verified identity, 403, 413, 415, 422,
// 429 for a known user; 502/503/504 from the copilot) leave one query_audit_logs row with
// source 'gateway' and one query_audit_events row with stage 'gateway', under the request id the
// gateway minted (the caller's own X-Request-Id is only kept as client_request_id). Rows are
// written in batches by one background thread so a refusal never waits on the database; the
// queue is bounded, and when it is full a refusal waits for room (backpressure) up to a limit
// before its record is counted as dropped (never silently: /metrics shows it). A record's text
// is made storable before it is queued (a question cut inside a UTF-8 character cannot fail its
// batch), and a batch the database refuses is retried row by row. The admin endpoint reads
// pages of the trail.
#pragma once

#include <atomic>
#include <chrono>
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
  // The organisation whose trail the record joins (its user's). A record without one (0) is not
  // written — logged and counted as dropped: no request is audited into a guessed organisation.
  long long org_id = 0;
  std::string request_id;
  std::string client_request_id;  // what the caller sent as X-Request-Id, if anything
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
  // Empty: from http_status (refused / failed / cancelled). Set for what is not a refusal: an
  // approver's decision ("approved", "rejected"), a policy saved ("policy_saved").
  std::string status;
  // More of what happened, merged into the gateway event's details (an object, or null): e.g. a
  // policy change's versions before and after and what changed. Built from parsed JSON (valid
  // UTF-8); the caller bounds its size.
  nlohmann::json details;
};

class AuditWriter {
 public:
  struct Options {
    size_t max_queue = 10000;
    std::chrono::milliseconds max_wait{2000};  // how long a refusal waits for room
    size_t max_batch = 256;
  };
  struct Counts {
    unsigned long long written = 0;
    unsigned long long dropped = 0;
    size_t queued = 0;
  };

  explicit AuditWriter(common::db::ConnectionPool& pool, Options options);
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;
  ~AuditWriter();  // drains what is queued, then stops

  // Queues one record; false (and counted as dropped) only when the queue stayed full.
  bool record(GatewayRecord record);
  [[nodiscard]] Counts counts();

 private:
  void run();
  void write_batch(const std::vector<GatewayRecord>& records);
  void write_org_batch(const std::vector<GatewayRecord>& batch);
  // Rows of one organisation, in one transaction scoped to it.
  void write_rows(const std::vector<GatewayRecord>& rows);

  common::db::ConnectionPool& pool_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;
  std::deque<GatewayRecord> queue_;
  bool stopping_ = false;
  std::atomic<unsigned long long> written_{0};
  std::atomic<unsigned long long> dropped_{0};
  std::thread worker_;
};

// The text fields of a record as they can be stored (valid UTF-8, no NUL, bounded).
GatewayRecord storable(GatewayRecord record);

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
nlohmann::json read_audit_page(common::db::ConnectionPool& pool, long long org_id,
                               const AuditQuery& query);

}  // namespace gateway::audit
