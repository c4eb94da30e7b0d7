// gateway/tests/stack.hpp — the real gateway binary on a free loopback port, a copilot beside it
// (the real binary when it is built, else FakeCopilot), and helpers to talk to them.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/http/bounded_server.hpp"
#include "common/testing/child_process.hpp"
#include "common/testing/ports.hpp"

namespace gateway::testing {

// A loopback port no other test process is given (see common/testing/ports.hpp).
using common::testing::reserve_loopback_port;
std::string random_hex(size_t bytes);
// A setting from the environment the test runs in (make test loads .env); fails when missing.
std::string required_env(const char* name);

using Process = common::testing::ChildProcess;

// A stand-in for the copilot's POST /run for fault tests: answers, hangs, or talks garbage.
// While it hangs it watches its caller, and counts the calls whose connection was closed.
class FakeCopilot {
 public:
  enum class Mode {
    kAnswer,
    kHang,
    kGarbage,
    kCloseEarly,
    kStreamThenHang,
    kStreamFailedStage  // a failed stage with raw database text, then an error event
  };
  explicit FakeCopilot(std::string internal_token);
  ~FakeCopilot();
  FakeCopilot(const FakeCopilot&) = delete;
  FakeCopilot& operator=(const FakeCopilot&) = delete;

  [[nodiscard]] int port() const { return port_; }
  void set_mode(Mode mode) { mode_ = mode; }
  // The last /run body received.
  nlohmann::json last_run();
  int runs() const { return runs_; }
  // Hanging calls whose caller (the gateway) closed the connection.
  int abandoned() const { return abandoned_; }
  // Calls running right now.
  int running() const { return running_; }

 private:
  void hang();
  std::string token_;
  std::unique_ptr<common::http::BoundedServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<Mode> mode_{Mode::kAnswer};
  std::atomic<int> runs_{0};
  std::atomic<int> abandoned_{0};
  std::atomic<int> running_{0};
  std::mutex mutex_;
  std::condition_variable release_;
  bool stopping_ = false;
  nlohmann::json last_run_;
  std::set<std::string> request_ids_;  // as the copilot's ledger: a request id runs once
};

struct StackOptions {
  std::map<std::string, std::string> env;               // extra gateway settings
  std::map<std::string, std::string> copilot_env = {};  // extra settings of the real copilot
  bool real_copilot = true;                             // the real binary when it is built
  bool copilot_down = false;  // point the gateway at a port nobody listens on
};

struct Reply {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  double ms = 0;
  [[nodiscard]] nlohmann::json json() const;
  [[nodiscard]] std::string header(const std::string& name) const;
};

class Stack {
 public:
  explicit Stack(const StackOptions& options = {});
  ~Stack();
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  Reply request(const std::string& method, const std::string& path, const httplib::Headers& headers,
                const std::string& body = "", bool to_copilot = false);
  Reply post_json(const std::string& path, const nlohmann::json& body,
                  const std::string& token = "", httplib::Headers extra = {});
  Reply get(const std::string& path, const std::string& token = "");
  // Logs in and returns the access token (fails the test on anything but 200).
  std::string login(const std::string& username, const std::string& password);

  [[nodiscard]] const std::string& jwt_secret() const { return secret_; }
  [[nodiscard]] const std::string& internal_token() const { return internal_; }
  [[nodiscard]] int gateway_port() const { return gateway_port_; }
  [[nodiscard]] int copilot_port() const { return copilot_port_; }
  [[nodiscard]] bool real_copilot() const { return real_copilot_process_ != nullptr; }
  FakeCopilot* fake() { return fake_.get(); }
  Process& gateway() { return *gateway_; }

 private:
  std::string secret_;
  std::string internal_;
  int gateway_port_ = 0;
  int copilot_port_ = 0;
  std::unique_ptr<FakeCopilot> fake_;
  std::unique_ptr<Process> real_copilot_process_;
  std::unique_ptr<Process> gateway_;
};

// A raw TCP connection to a loopback port from a chosen source address (127.0.0.x), for what
// an ordinary client does not do: slow or endless requests, hanging up mid-way.
class RawConnection {
 public:
  explicit RawConnection(int port, const std::string& source = "127.0.0.1");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  // False once the peer closed or reset the connection (or the send would block for 5 s).
  bool send(std::string_view bytes);
  // Reads what is there without waiting; false on EOF or reset.
  bool poll_read();
  // Waits up to limit for a whole response head; its status, or 0.
  int read_status(std::chrono::milliseconds limit);
  // Waits up to limit for the peer to close (EOF or reset).
  bool wait_closed(std::chrono::milliseconds limit);
  void close();
  [[nodiscard]] bool connected() const { return fd_ >= 0 && connected_; }
  std::string received;

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool eof_ = false;
};

// VmRSS of a process in KB (from /proc).
long rss_kb(int pid);
// The value of one sample of Prometheus text (`name{labels}`), or -1.
double metric(const std::string& text, const std::string& sample);

// Waits until GET url/health answers 200, or the process died, or `limit` passed.
bool wait_healthy(int port, Process& process, std::chrono::milliseconds limit);

// The seed users of DESIGN.md.
struct SeedUser {
  std::string username;
  std::string password;
  std::string role;
  std::vector<int> stores;
  bool all_stores;
};
const std::vector<SeedUser>& seed_users();

// The app database, for checks the API cannot make (audit rows, disabling a user).
std::string app_database_url();
// Polls until `sql` (one scalar) returns a non-empty value other than 0 / f, at most `limit`.
std::string wait_for_scalar(const std::string& sql, std::chrono::milliseconds limit);
// As the app's login, in organisation 1 (the seed users'), or in `org_id`.
std::string scalar(const std::string& sql);
std::string scalar_in(long long org_id, const std::string& sql);

// A throw-away user created for one test and deleted afterwards.
class TempUser {
 public:
  TempUser(const std::string& role, const std::vector<int>& stores, bool all_stores = false);
  ~TempUser();
  TempUser(const TempUser&) = delete;
  TempUser& operator=(const TempUser&) = delete;
  std::string username;
  std::string password;
  long long user_id = 0;
};

}  // namespace gateway::testing
