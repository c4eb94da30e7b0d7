#include "gateway/tests/stack.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "common/config/env.hpp"
#include "common/db/org_transaction.hpp"
#include "gateway/auth/passwords.hpp"

namespace gateway::testing {

using namespace std::chrono_literals;
using nlohmann::json;

std::string random_hex(size_t bytes) {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init");
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out;
  for (unsigned char b : raw) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string required_env(const char* name) {
  const auto value = common::config::env(name);
  if (!value) {
    ADD_FAILURE() << name << " is not set: run through `make test` / scripts/test (loads .env)";
    return "";
  }
  return *value;
}

bool wait_healthy(int port, Process& process, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process.running()) return false;
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(0, 200000);
    client.set_read_timeout(1, 0);
    if (auto r = client.Get("/health"); r && r->status == 200) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

// ---- FakeCopilot ----------------------------------------------------------------------------

void FakeCopilot::hang() {
  // Waits to be released, looking at the caller: a closed /run connection ends the wait.
  const auto* connection = common::http::Connection::current();
  std::unique_lock lock(mutex_);
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (!stopping_ && std::chrono::steady_clock::now() < until) {
    release_.wait_for(lock, 20ms);
    if (connection != nullptr && connection->peer_gone()) {
      ++abandoned_;
      return;
    }
  }
}

FakeCopilot::FakeCopilot(std::string internal_token)
    : token_(std::move(internal_token)),
      server_(std::make_unique<common::http::BoundedServer>(common::http::ConnectionLimits{})) {
  auto& server = *server_;
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  server.Post("/run", [this](const httplib::Request& req, httplib::Response& res) {
    // The mode is read before the call counts as running: a test that waits for a running call
    // and then changes the mode must not change what that call does (under ASan the handler can
    // be slower than the test).
    const Mode mode = mode_;
    ++running_;
    // Counted until the answer is over: a stream's provider keeps its share alive.
    struct Running {
      std::atomic<int>& count;
      explicit Running(std::atomic<int>& c) : count(c) {}
      Running(const Running&) = delete;
      Running& operator=(const Running&) = delete;
      ~Running() { --count; }
    };
    auto running = std::make_shared<Running>(running_);
    const std::string rid = req.get_header_value("X-Request-Id");
    if (req.get_header_value("X-Internal-Token") != token_) {
      res.status = 401;
      res.set_content(
          json{{"error",
                {{"code", "unauthorized"}, {"message", "internal token"}, {"request_id", rid}}}}
              .dump(),
          "application/json");
      return;
    }
    ++runs_;
    const auto body = json::parse(req.body, nullptr, false);
    bool first_use = true;
    {
      const std::lock_guard lock(mutex_);
      last_run_ = body;
      first_use = request_ids_.insert(rid).second;
    }
    if (!first_use) {  // what the real copilot answers (copilot/audit/request_ids.hpp)
      res.status = 409;
      res.set_content(json{{"error",
                            {{"code", "duplicate_request_id"},
                             {"message", "request id " + rid + " was already used"},
                             {"request_id", rid}}}}
                          .dump(),
                      "application/json");
      return;
    }
    if (mode == Mode::kHang) {
      hang();
      return;
    }
    if (mode == Mode::kGarbage) {
      res.set_content("<html>502 Bad Gateway</html>", "text/html");
      return;
    }
    if (mode == Mode::kCloseEarly) {
      res.status = 200;
      res.set_header("Content-Length", "1000");
      res.set_content_provider(1000, "application/json",
                               [](size_t, size_t, httplib::DataSink& sink) {
                                 sink.write("{\"partial\":", 11);
                                 return false;  // drops the connection mid-body
                               });
      return;
    }
    const auto ctx = body.is_object() ? body.value("user_context", json::object()) : json::object();
    const json result = {
        {"request_id", rid},
        {"conversation_id", body.value("conversation_id", "00000000-0000-4000-8000-000000000000")},
        {"status", "ok"},
        {"answer", "Total revenue is 42."},
        {"sql", "SELECT 42"},
        {"columns", json::array({{{"name", "revenue"}, {"type", "numeric"}}})},
        {"rows", json::array({json::array({42})})},
        {"row_count", 1},
        {"truncated", false},
        {"intent", "kpi"},
        {"widgets", json::array()},
        {"suggestions", json::array()},
        {"explain", {{"path", "embedded_planner"}}},
        {"security",
         {{"role", ctx.value("role", "")},
          {"store_ids", ctx.value("store_ids", json::array())},
          {"views_used", json::array()},
          {"masked_fields", json::array()},
          {"policy", json::array()}}},
        {"timings", {{"total", 1.0}}}};
    if (mode == Mode::kStreamFailedStage) {
      res.set_chunked_content_provider("text/event-stream", [](size_t, httplib::DataSink& sink) {
        const std::string events =
            "event: stage\ndata: {\"stage\":\"policy\",\"status\":\"ok\",\"duration_ms\":0.1}\n\n"
            "event: stage\ndata: {\"stage\":\"llm_generation\",\"status\":\"ok\",\"details\":"
            "{\"path\":\"model:x\",\"attempts\":[{\"outcome\":\"http_429\",\"error\":"
            "\"provider said: quota exceeded for org-SECRET\"}]}}\n\n"
            "event: stage\ndata: {\"stage\":\"db_execution\",\"status\":\"failed\",\"details\":"
            "{\"error_code\":\"query_failed\",\"message\":\"ERROR:  relation \\\"secret_table\\\" "
            "does not exist\",\"sqlstate\":\"42P01\",\"detail\":\"raw detail\"}}\n\n"
            "event: stage\ndata: {\"stage\":\"narration\",\"status\":\"skipped\"}\n\n"
            "event: stage\ndata: {\"stage\":\"failed\",\"status\":\"failed\",\"details\":"
            "{\"total_ms\":3}}\n\n"
            "event: error\ndata: {\"error\":{\"code\":\"query_failed\",\"message\":"
            "\"the query could not be run\",\"request_id\":\"x\"}}\n\n";
        sink.write(events.data(), events.size());
        sink.done();
        return true;
      });
      return;
    }
    if (req.get_header_value("Accept").find("text/event-stream") != std::string::npos) {
      res.set_chunked_content_provider(
          "text/event-stream", [this, result, mode, running](size_t, httplib::DataSink& sink) {
            for (const char* stage : {"policy", "rag_retrieval", "planning"}) {
              const std::string event =
                  std::string("event: stage\ndata: ") +
                  json{{"stage", stage}, {"status", "ok"}, {"duration_ms", 0.1}}.dump() + "\n\n";
              sink.write(event.data(), event.size());
            }
            if (mode == Mode::kStreamThenHang) {
              hang();
              return false;
            }
            const std::string last = "event: result\ndata: " + result.dump() + "\n\n";
            sink.write(last.data(), last.size());
            sink.done();
            return true;
          });
      return;
    }
    res.set_content(result.dump(), "application/json");
  });
  port_ = server.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

FakeCopilot::~FakeCopilot() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  release_.notify_all();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

json FakeCopilot::last_run() {
  const std::lock_guard lock(mutex_);
  return last_run_;
}

// ---- Stack ----------------------------------------------------------------------------------

json Reply::json() const { return nlohmann::json::parse(body, nullptr, false); }

std::string Reply::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

Stack::Stack(const StackOptions& options)
    : secret_(random_hex(32)), internal_(random_hex(24)), gateway_port_(reserve_loopback_port()) {
  const std::string log_dir = GATEWAY_TEST_LOG_DIR;
#ifdef COPILOT_BINARY
  if (options.real_copilot && !options.copilot_down) {
    copilot_port_ = reserve_loopback_port();
    std::map<std::string, std::string> copilot_env = {
        {"COPILOT_PORT", std::to_string(copilot_port_)},
        {"COPILOT_HOST", "127.0.0.1"},
        {"INTERNAL_TOKEN", internal_}};
    for (const auto& [key, value] : options.copilot_env) copilot_env[key] = value;
    real_copilot_process_ =
        std::make_unique<Process>(COPILOT_BINARY, std::vector<std::string>{"serve"}, copilot_env,
                                  log_dir + "/copilot-" + std::to_string(copilot_port_) + ".log");
    if (!wait_healthy(copilot_port_, *real_copilot_process_, 30s)) {
      ADD_FAILURE() << "the copilot did not start:\n" << real_copilot_process_->log_tail();
    }
  }
#endif
  if (!real_copilot_process_ && !options.copilot_down) {
    fake_ = std::make_unique<FakeCopilot>(internal_);
    copilot_port_ = fake_->port();
  }
  if (options.copilot_down) copilot_port_ = reserve_loopback_port();

  std::map<std::string, std::string> env = {
      {"GATEWAY_HOST", "127.0.0.1"},
      {"GATEWAY_PORT", std::to_string(gateway_port_)},
      {"JWT_SECRET", secret_},
      {"INTERNAL_TOKEN", internal_},
      {"COPILOT_URL", "http://127.0.0.1:" + std::to_string(copilot_port_)},
      {"GATEWAY_LOGIN_PER_IP", "1000"},
      {"GATEWAY_CONN_PER_IP", "512"},  // tests open many connections from 127.0.0.1
      {"LOG_LEVEL", "info"}};
  for (const auto& [key, value] : options.env) env[key] = value;
  gateway_ =
      std::make_unique<Process>(GATEWAY_BINARY, std::vector<std::string>{}, env,
                                log_dir + "/gateway-" + std::to_string(gateway_port_) + ".log");
  if (!wait_healthy(gateway_port_, *gateway_, 30s)) {
    ADD_FAILURE() << "the gateway did not start:\n" << gateway_->log_tail();
  }
}

Stack::~Stack() {
  if (gateway_) gateway_->stop();
  if (real_copilot_process_) real_copilot_process_->stop();
  if (::testing::Test::HasFailure() && gateway_) {
    std::cerr << "---- gateway log tail ----\n" << gateway_->log_tail() << '\n';
  }
}

Reply Stack::request(const std::string& method, const std::string& path,
                     const httplib::Headers& headers, const std::string& body, bool to_copilot) {
  httplib::Client client("127.0.0.1", to_copilot ? copilot_port_ : gateway_port_);
  client.set_read_timeout(30, 0);
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = headers;
  req.body = body;
  if (!body.empty() && !req.has_header("Content-Length")) {
    req.set_header("Content-Length", std::to_string(body.size()));
  }
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  const auto start = std::chrono::steady_clock::now();
  const bool ok = client.send(req, res, error);
  Reply reply;
  reply.ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!ok) {
    ADD_FAILURE() << method << " " << path << ": no response (" << httplib::to_string(error) << ")";
    return reply;
  }
  reply.status = res.status;
  reply.body = res.body;
  reply.headers = res.headers;
  return reply;
}

Reply Stack::post_json(const std::string& path, const nlohmann::json& body,
                       const std::string& token, httplib::Headers extra) {
  extra.emplace("Content-Type", "application/json");
  if (!token.empty()) extra.emplace("Authorization", "Bearer " + token);
  return request("POST", path, extra, body.dump());
}

Reply Stack::get(const std::string& path, const std::string& token) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return request("GET", path, headers);
}

std::string Stack::login(const std::string& username, const std::string& password) {
  const auto reply = post_json("/api/auth/login", {{"username", username}, {"password", password}});
  EXPECT_EQ(reply.status, 200) << username << ": " << reply.body;
  const auto body = reply.json();
  if (!body.is_object() || !body.contains("access_token")) return "";
  return body["access_token"].get<std::string>();
}

const std::vector<SeedUser>& seed_users() {
  static const std::vector<SeedUser> kUsers = {
      {"admin_user", "admin123", "admin", {1, 2}, true},
      {"manager_store1", "manager123", "store_manager", {1}, false},
      {"manager_multi", "manager123", "store_manager", {1, 2}, false},
      {"marketing_user", "marketing123", "marketing", {1, 2}, false},
      {"finance_user", "finance123", "finance", {1}, false}};
  return kUsers;
}

// ---- RawConnection ----------------------------------------------------------------------------

RawConnection::RawConnection(int port, const std::string& source) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    ADD_FAILURE() << "cannot bind source address " << source;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
}

RawConnection::~RawConnection() { close(); }

void RawConnection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    pollfd p{fd_, POLLOUT, 0};
    if (poll(&p, 1, 5000) <= 0 || (p.revents & (POLLERR | POLLHUP)) != 0) return false;
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool RawConnection::poll_read() {
  if (eof_) return false;
  char buffer[65536];
  for (;;) {
    const ssize_t n = recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) {
      received.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return true;
    eof_ = true;
    return false;
  }
}

int RawConnection::read_status(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (received.find("\r\n\r\n") == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    if (!poll_read()) break;
  }
  if (received.rfind("HTTP/1.1 ", 0) != 0 || received.size() < 12) return 0;
  return std::atoi(received.substr(9, 3).c_str());
}

bool RawConnection::wait_closed(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!eof_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) < 0) return true;
    poll_read();
  }
  return true;
}

long rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

double metric(const std::string& text, const std::string& sample) {
  const size_t at = text.find("\n" + sample + " ");
  if (at == std::string::npos) return -1;
  return std::atof(text.c_str() + at + sample.size() + 2);
}

// ---- database helpers -------------------------------------------------------------------------

std::string app_database_url() { return required_env("APP_DATABASE_URL"); }

std::string scalar(const std::string& sql) { return scalar_in(1, sql); }

std::string scalar_in(long long org_id, const std::string& sql) {
  pqxx::connection conn(app_database_url());
  common::db::OrgTransaction tx(conn, org_id);
  const auto rows = tx.exec(sql);
  tx.commit();
  if (rows.empty() || rows[0][0].is_null()) return "";
  return rows[0][0].c_str();
}

std::string wait_for_scalar(const std::string& sql, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string value;
  do {
    value = scalar(sql);
    if (!value.empty() && value != "0" && value != "f") return value;
    std::this_thread::sleep_for(50ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return value;
}

TempUser::TempUser(const std::string& role, const std::vector<int>& stores, bool all_stores)
    : username("gwtest_" + random_hex(6)), password(random_hex(8)) {
  pqxx::connection conn(app_database_url());
  common::db::OrgTransaction tx(conn, 1);
  user_id = tx.exec_params(
                  "INSERT INTO app_users (username, password_hash, role, is_all_stores) "
                  "VALUES ($1, $2, $3, $4) RETURNING user_id",
                  username, auth::PasswordVerifier::hash(password), role, all_stores)[0][0]
                .as<long long>();
  for (int store : stores) {
    tx.exec_params("INSERT INTO app_user_store_access (user_id, store_id) VALUES ($1, $2)", user_id,
                   store);
  }
  tx.commit();
}

TempUser::~TempUser() {
  try {
    pqxx::connection conn(app_database_url());
    common::db::OrgTransaction tx(conn, 1);
    tx.exec_params("DELETE FROM app_users WHERE user_id = $1", user_id);
    tx.commit();
  } catch (const std::exception& e) {
    std::cerr << "could not delete test user " << username << ": " << e.what() << '\n';
  }
}

}  // namespace gateway::testing
