// copilot/tests/service.hpp — the real `copilot` binary on a free loopback port, for HTTP tests.
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/testing/child_process.hpp"

namespace copilot::testing {

using Process = common::testing::ChildProcess;

// The copilot serving on 127.0.0.1:<free port> with the test environment's databases.
class CopilotService {
 public:
  explicit CopilotService(const std::map<std::string, std::string>& extra_env = {});
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::string& token() const { return token_; }
  httplib::Client client() const;
  // POST /run with the token and a JSON body.
  httplib::Result run(const nlohmann::json& body, bool stream = false) const;
  [[nodiscard]] std::string log() const { return process_->log(); }
  [[nodiscard]] int pid() const { return process_->pid(); }

 private:
  int port_;
  std::string token_;
  std::unique_ptr<Process> process_;
};

// The numeric user id of a seed user (from app_users).
long user_id(const std::string& username);
// A /run body for a seed user.
nlohmann::json run_body(const std::string& username, const std::string& question,
                        const std::string& request_id = "");
// The copilot's environment with a model on a local fake OpenAI server at `base_url`: a primary
// and a fallback model, two quick attempts each; whatever the developer's shell holds for
// OpenRouter is not used.
std::map<std::string, std::string> model_env(const std::string& base_url);
// The audit row of a request — status, error_stage, error_code, http_status, final_sql,
// question, error_message, total_ms and its number of events — waiting up to 5 s for the batching
// writer; null when none appeared.
nlohmann::json audit_row(const std::string& request_id);
// Events of an SSE body: (event, data) in order.
std::vector<std::pair<std::string, nlohmann::json>> parse_sse(const std::string& body);

}  // namespace copilot::testing
