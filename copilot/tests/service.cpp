#include "copilot/tests/service.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/db/org_transaction.hpp"
#include "common/testing/ports.hpp"
#include "copilot/tests/support.hpp"

#ifndef COPILOT_BINARY
#error "COPILOT_BINARY must name the copilot executable"
#endif

namespace copilot::testing {

CopilotService::CopilotService(const std::map<std::string, std::string>& extra_env)
    : port_(common::testing::reserve_loopback_port()),
      token_("test-internal-token-0123456789abcdef-" + std::to_string(getpid())) {
  std::map<std::string, std::string> env = {
      {"COPILOT_HOST", "127.0.0.1"},
      {"COPILOT_PORT", std::to_string(port_)},
      {"INTERNAL_TOKEN", token_},
      {"APP_DATABASE_URL", required_env("APP_DATABASE_URL")},
      {"ANALYTICS_DATABASE_URL", required_env("ANALYTICS_DATABASE_URL")},
      {"COPILOT_THREADS", "4"},
      // A model in the developer's environment (OPENROUTER_*) is never called by the tests; the
      // model tests turn this off and point the copilot at the local fake server.
      {"LLM_DISABLED", "true"}};
  for (const auto& [k, v] : extra_env) env[k] = v;
  const std::string log_path =
      std::string(COPILOT_TEST_LOG_DIR) + "/copilot-" + std::to_string(port_) + ".log";
  process_ =
      std::make_unique<Process>(COPILOT_BINARY, std::vector<std::string>{"serve"}, env, log_path);
  for (int i = 0; i < 300; ++i) {
    if (auto code = process_->exit_code(std::chrono::milliseconds(0))) {
      throw std::runtime_error("copilot exited with " + std::to_string(*code) + ":\n" +
                               process_->log());
    }
    auto c = client();
    if (auto r = c.Get("/health"); r) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("copilot did not start:\n" + process_->log());
}

httplib::Client CopilotService::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(60, 0);
  c.set_connection_timeout(2, 0);
  return c;
}

httplib::Result CopilotService::run(const nlohmann::json& body, bool stream) const {
  auto c = client();
  httplib::Headers headers = {{"X-Internal-Token", token_}};
  if (stream) headers.emplace("Accept", "text/event-stream");
  return c.Post("/run", headers, body.dump(), "application/json");
}

long user_id(const std::string& username) {
  static std::map<std::string, long> cache;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(username); it != cache.end()) return it->second;
  pqxx::connection connection(required_env("APP_DATABASE_URL"));
  pqxx::nontransaction tx(connection);
  const long id =
      tx.exec_params1("SELECT user_id FROM app_login_lookup($1)", username)[0].as<long>();
  cache[username] = id;
  return id;
}

nlohmann::json run_body(const std::string& username, const std::string& question,
                        const std::string& request_id) {
  const auto& user = seed_user(username);
  nlohmann::json body = {{"question", question},
                         {"user_context",
                          {{"user_id", user_id(username)},
                           {"username", username},
                           {"role", role_name(user.role)},
                           {"store_ids", user.store_ids},
                           {"is_all_stores", user.is_all_stores},
                           {"org_id", 1}}}};  // the seed users' organisation
  if (!request_id.empty()) body["request_id"] = request_id;
  return body;
}

std::map<std::string, std::string> model_env(const std::string& base_url) {
  return {
      {"LLM_DISABLED", "false"},  {"LLM_BASE_URL", base_url},          {"LLM_API_KEY", "test-key"},
      {"LLM_MODEL", "primary"},   {"LLM_FALLBACK_MODELS", "fallback"}, {"LLM_MAX_ATTEMPTS", "2"},
      {"LLM_BACKOFF_MS", "10"},   {"LLM_TIMEOUT_MS", "3000"},          {"OPENROUTER_MODEL", ""},
      {"OPENROUTER_API_KEY", ""}, {"OPENROUTER_FALLBACK_MODELS", ""}};
}

nlohmann::json audit_row(const std::string& request_id) {
  pqxx::connection connection(required_env("APP_DATABASE_URL"));
  for (int i = 0; i < 100; ++i) {
    common::db::OrgTransaction tx(connection, 1);  // the seed users' organisation
    const auto rows = tx.exec_params(
        "SELECT status, coalesce(error_stage, ''), coalesce(error_code, ''), http_status, "
        "       coalesce(final_sql, ''), coalesce(question, ''), coalesce(error_message, ''), "
        "       coalesce(total_ms, 0), "
        "       (SELECT count(*) FROM query_audit_events e WHERE e.request_id = l.request_id) "
        "FROM query_audit_logs l WHERE request_id = $1",
        request_id);
    if (!rows.empty()) {
      const auto& row = rows[0];
      return {{"status", row[0].as<std::string>()},
              {"error_stage", row[1].as<std::string>()},
              {"error_code", row[2].as<std::string>()},
              {"http_status", row[3].as<int>()},
              {"final_sql", row[4].as<std::string>()},
              {"question", row[5].as<std::string>()},
              {"error_message", row[6].as<std::string>()},
              {"total_ms", row[7].as<double>()},
              {"events", row[8].as<int>()}};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return nullptr;
}

std::vector<std::pair<std::string, nlohmann::json>> parse_sse(const std::string& body) {
  std::vector<std::pair<std::string, nlohmann::json>> out;
  std::istringstream in(body);
  std::string line;
  std::string event;
  while (std::getline(in, line)) {
    if (line.rfind("event: ", 0) == 0) event = line.substr(7);
    if (line.rfind("data: ", 0) == 0)
      out.emplace_back(event, nlohmann::json::parse(line.substr(6)));
  }
  return out;
}

}  // namespace copilot::testing
