// copilot/execution/execution_error.hpp — a failure at the database: a clean client-facing Error
// plus what the audit trail may keep (SQLSTATE and the server's message), never sent to clients.
#pragma once

#include <string>

#include "common/error/error.hpp"

namespace copilot::execution {

class ExecutionError : public common::Error {
 public:
  ExecutionError(int status, std::string code, const std::string& message, std::string sqlstate,
                 std::string detail)
      : common::Error(status, std::move(code), message),
        sqlstate_(std::move(sqlstate)),
        detail_(std::move(detail)) {}

  [[nodiscard]] const std::string& sqlstate() const noexcept { return sqlstate_; }
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }

 private:
  std::string sqlstate_;
  std::string detail_;
};

}  // namespace copilot::execution
