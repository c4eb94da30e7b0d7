// copilot/audit/request_ids.hpp — a request id is used by one request only.
//
// In:  the id a /run names (the gateway's, or one a caller chose).
// Out: claimed (first use) or not (already claimed or already in the audit trail). The claim is
//      one atomic INSERT in the app database, so it holds across threads and copilot instances.
#pragma once

#include <string>

#include "common/db/pool.hpp"

namespace copilot::audit {

class RequestIdLedger {
 public:
  virtual ~RequestIdLedger() = default;
  // True the first time an id is claimed. Throws common::Error 503 when the ledger is unreachable.
  virtual bool claim(const std::string& request_id) = 0;
};

class PgRequestIdLedger final : public RequestIdLedger {
 public:
  explicit PgRequestIdLedger(common::db::ConnectionPool& app_pool) : pool_(app_pool) {}
  bool claim(const std::string& request_id) override;

 private:
  common::db::ConnectionPool& pool_;
};

}  // namespace copilot::audit
