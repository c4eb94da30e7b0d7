#include "copilot/audit/audit.hpp"

#include "common/ids/ids.hpp"
#include "common/log/log.hpp"

namespace copilot::audit {
namespace {

std::string int_array(const std::vector<int>& ids) {
  std::string out = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += std::to_string(ids[i]);
  }
  return out + "}";
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

BatchingAuditWriter::BatchingAuditWriter(common::db::ConnectionPool& app_pool, size_t max_batch,
                                         std::chrono::milliseconds max_delay, size_t max_queue)
    : pool_(app_pool),
      max_batch_(max_batch),
      max_delay_(max_delay),
      max_queue_(max_queue),
      thread_([this] { run(); }) {}

BatchingAuditWriter::~BatchingAuditWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();  // run() drains the queue before it returns
}

void BatchingAuditWriter::record(AuditRecord record) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= max_queue_) {
      queue_.pop_front();  // the database is gone for long: keep the newest, count the loss
      ++dropped_;
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
  return dropped_;
}

size_t BatchingAuditWriter::written() const {
  std::lock_guard lock(mutex_);
  return written_;
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
    lock.unlock();
    write(batch);
    lock.lock();
    written_ += in_flight_;
    in_flight_ = 0;
    if (queue_.empty()) idle_.notify_all();
  }
  idle_.notify_all();
}

void BatchingAuditWriter::write(std::vector<AuditRecord>& batch) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      auto lease = pool_.acquire();
      try {
        pqxx::work tx(*lease);
        // Audit rows are durable before they count as written, whatever the pool's default.
        tx.exec0("SET LOCAL synchronous_commit = on");
        std::string logs =
            "INSERT INTO query_audit_logs (request_id, conversation_id, user_id, username, role, "
            "store_ids, question, status, error_stage, error_code, error_message, final_sql, "
            "row_count, path, source, http_status, timings, total_ms) VALUES ";
        std::string events =
            "INSERT INTO query_audit_events (request_id, seq, stage, status, duration_ms, details) "
            "VALUES ";
        size_t event_count = 0;
        const auto text = [&](const std::string& s) {
          return s.empty() ? std::string("NULL") : tx.quote(s);
        };
        for (size_t i = 0; i < batch.size(); ++i) {
          const auto& r = batch[i];
          if (i > 0) logs += ",";
          logs += "(" + tx.quote(r.request_id) + "," +
                  (common::ids::is_uuid(r.conversation_id) ? tx.quote(r.conversation_id) + "::uuid"
                                                           : std::string("NULL")) +
                  "," + (r.user_id ? std::to_string(*r.user_id) : std::string("NULL")) + "," +
                  text(r.username) + "," + text(r.role) + "," + tx.quote(int_array(r.store_ids)) +
                  "::integer[]," + text(r.question) + "," + tx.quote(r.status) + "," +
                  text(r.error_stage) + "," + text(r.error_code) + "," + text(r.error_message) +
                  "," + text(r.final_sql) + "," +
                  (r.row_count ? std::to_string(*r.row_count) : std::string("NULL")) + "," +
                  text(r.path) + ",'copilot'," + std::to_string(r.http_status) + "," +
                  tx.quote(dump(r.timings)) + "::jsonb," + std::to_string(r.total_ms) + ")";
          for (size_t seq = 0; seq < r.events.size(); ++seq) {
            const auto& e = r.events[seq];
            if (event_count++ > 0) events += ",";
            events += "(" + tx.quote(r.request_id) + "," + std::to_string(seq + 1) + "," +
                      tx.quote(e.stage) + "," + tx.quote(e.status) + "," +
                      std::to_string(e.duration_ms) + "," + tx.quote(dump(e.details)) + "::jsonb)";
          }
        }
        logs += " ON CONFLICT (request_id) DO NOTHING";
        tx.exec0(logs);
        if (event_count > 0) tx.exec0(events);
        tx.commit();
        return;
      } catch (const pqxx::broken_connection&) {
        lease.mark_broken();
        throw;
      }
    } catch (const std::exception& e) {
      common::log::error("audit_write_failed",
                         {{"attempt", attempt + 1}, {"records", batch.size()}, {"what", e.what()}});
      std::this_thread::sleep_for(std::chrono::milliseconds(100 * (attempt + 1)));
    }
  }
  std::lock_guard lock(mutex_);
  dropped_ += batch.size();
}

}  // namespace copilot::audit
