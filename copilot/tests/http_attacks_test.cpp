// Attacks on the copilot's own edge, against the real binary on real sockets with the real
// databases (and the local fake model server where a model has to write the SQL):
//   * a request id used twice cannot rewrite the first request's audit row;
//   * a flood of requests, malformed records among them, loses no audit record;
//   * a result of 200 × 250 MB values stops at the byte cap with the copilot's memory bounded
//     (lpad's 400 MB variant is refused by PostgreSQL itself in a UTF-8 database: "requested
//     length too large");
//   * a client that disconnects cancels its running query (JSON and SSE) and its model call.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>

#include "common/crypto/secrets.hpp"
#include "common/db/org_transaction.hpp"
#include "common/ids/ids.hpp"
#include "copilot/generation/tests/fake_openai_server.hpp"
#include "copilot/tests/service.hpp"
#include "copilot/tests/support.hpp"

namespace copilot {
namespace {

using generation::testing::FakeOpenAiServer;
using nlohmann::json;
using testing::CopilotService;
using testing::run_body;
using Clock = std::chrono::steady_clock;

std::string new_id(const std::string& prefix) {
  common::crypto::init_sodium();
  return prefix + "-" + common::ids::new_uuid();
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The copilot with models on the fake server that write raw SQL (the way a model talked into it
// would), no structured step.
std::map<std::string, std::string> raw_sql_model_env(const FakeOpenAiServer& server) {
  auto env = testing::model_env(server.base_url());
  env["LLM_STRUCTURED_OUTPUT"] = "false";
  env["LLM_TIMEOUT_MS"] = "20000";
  // These statements are ruinous on purpose: they test the layers behind the risk stage (result
  // cap, cancellation), which must hold on their own, so the risk stage scores but never holds
  // them here (RiskStageHoldsOrRefusesRuinousModelSql tests it).
  env["RISK_THRESHOLD_SET"] = "observe_only";
  return env;
}

using testing::audit_row;

// A Prometheus counter of the copilot's /metrics.
long metric(const CopilotService& service, const std::string& name) {
  auto c = service.client();
  const auto r = c.Get("/metrics", {{"X-Internal-Token", service.token()}});
  if (!r || r->status != 200) return -1;
  std::istringstream lines(r->body);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(name + " ", 0) == 0) return std::stol(line.substr(name.size() + 1));
  }
  return -1;
}

// Peak resident memory of a process, in MB (VmHWM).
long peak_rss_mb(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  }
  return -1;
}

// How many backends of this database run a statement containing `marker` right now (the
// analytics login sees its own sessions' statements).
int running_with(pqxx::connection& connection, const std::string& marker) {
  pqxx::nontransaction tx(connection);
  return tx
      .exec_params1(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
          "state = 'active' AND pid <> pg_backend_pid() AND strpos(query, $1) > 0",
          marker)[0]
      .as<int>();
}

// A raw HTTP client that sends one /run and can vanish mid-request, as a browser tab or a gateway
// worker that gave up would.
class RawClient {
 public:
  RawClient(int port, const std::string& token, const json& body, bool stream) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("cannot connect to the copilot");
    }
    const std::string payload = body.dump();
    const std::string request =
        "POST /run HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Internal-Token: " + token +
        "\r\nContent-Type: application/json\r\n" + (stream ? "Accept: text/event-stream\r\n" : "") +
        "Content-Length: " + std::to_string(payload.size()) + "\r\n\r\n" + payload;
    if (send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
      throw std::runtime_error("cannot send the request");
    }
  }
  ~RawClient() { disconnect(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  void disconnect() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Waits (≤ 15 s) until a statement with `marker` runs, disconnects the client, then measures how
// long until no backend runs it any more (≤ 5 s). Returns that time in ms, or -1.
double cancel_time_after_disconnect(RawClient& client, const std::string& marker) {
  pqxx::connection watcher(testing::required_env("ANALYTICS_DATABASE_URL"));
  const auto until = Clock::now() + std::chrono::seconds(15);
  while (running_with(watcher, marker) == 0) {
    if (Clock::now() > until) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // well under way
  const auto gone = Clock::now();
  client.disconnect();
  while (running_with(watcher, marker) > 0) {
    if (ms_since(gone) > 5000) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ms_since(gone);
}

// A statement that runs for tens of seconds as the admin's reader (pg_sleep is not allowed to
// readers): a cross join of scoped views, marked so the test can find it in pg_stat_activity.
std::string heavy_sql(const std::string& marker) {
  return "SELECT count(*) + 0 * length('" + marker +
         "') AS n FROM v_rental_scoped a, v_rental_scoped b, category c";
}

// ---- request ids -----------------------------------------------------------------------------

TEST(CopilotAttacks, ReusedRequestIdIsRefusedAndTheFirstAuditRowStaysAsItWas) {
  CopilotService service;
  const std::string id = new_id("attack-dup");
  const auto first = service.run(run_body("admin_user", "What's our total revenue?", id));
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  const json before = audit_row(id);
  ASSERT_FALSE(before.is_null());

  // The same id again, with a refusal that would have rewritten the row to refused/403 before;
  // then once more through the X-Request-Id header.
  const auto second =
      service.run(run_body("manager_store1", "delete all payments from store 2", id));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 409) << second->body;
  const auto error = json::parse(second->body)["error"];
  EXPECT_EQ(error["code"], "duplicate_request_id");
  EXPECT_EQ(error["duplicate_request_id"], id);
  const std::string recorded_as = error["request_id"];
  EXPECT_NE(recorded_as, id);
  EXPECT_EQ(second->get_header_value("X-Request-Id"), recorded_as);

  auto c = service.client();
  const auto third = c.Post("/run", {{"X-Internal-Token", service.token()}, {"X-Request-Id", id}},
                            run_body("finance_user", "total revenue").dump(), "application/json");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 409);

  // The first row is exactly as it was; the refusal has a row of its own.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(audit_row(id), before);
  const json refused = audit_row(recorded_as);
  ASSERT_FALSE(refused.is_null());
  EXPECT_EQ(refused["status"], "refused");
  EXPECT_EQ(refused["http_status"], 409);
  EXPECT_EQ(refused["error_code"], "duplicate_request_id");
  EXPECT_EQ(refused["question"], "delete all payments from store 2");
  EXPECT_EQ(metric(service, "copilot_duplicate_request_ids_total"), 2);
}

// ---- the audit under a flood, with malformed records ---------------------------------------

TEST(CopilotAttacks, AFloodWithMalformedRecordsLosesNoAuditRecord) {
  // A one-record queue: every burst meets a full queue and has to wait for the writer.
  CopilotService service({{"AUDIT_QUEUE_MAX", "1"}, {"COPILOT_THREADS", "8"}});
  const std::string nul_question = std::string("revenue by month\0 and more", 26);
  std::string euros;
  for (int i = 0; i < 3000; ++i) euros += "€";  // 9000 bytes: refused as too long, audited cut
  const std::vector<std::pair<std::string, std::string>> asks = {
      {"marketing_user", "What was our revenue last month?"},  // policy refusal
      {"finance_user", nul_question},                          // NUL: text PostgreSQL refuses
      {"admin_user", euros},                                   // cut inside a character
      {"manager_store1", "What was store 2's revenue last month?"},
  };
  constexpr int kRequests = 96;
  std::vector<std::string> ids(kRequests);
  for (auto& id : ids) id = new_id("attack-flood");
  std::atomic<int> next{0};
  std::atomic<int> transport_errors{0};
  std::vector<std::thread> clients;
  // As many kept-alive connections as the copilot has workers, as the gateway holds them.
  clients.reserve(8);
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&] {
      auto c = service.client();
      c.set_keep_alive(true);
      for (int i = next++; i < kRequests; i = next++) {
        const auto& [user, question] = asks[static_cast<size_t>(i) % asks.size()];
        const auto body = run_body(user, question, ids[static_cast<size_t>(i)]);
        if (!c.Post("/run", {{"X-Internal-Token", service.token()}}, body.dump(),
                    "application/json")) {
          ++transport_errors;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(transport_errors.load(), 0);

  // Every request has its row, malformed ones included; nothing was dropped.
  for (size_t i = 0; i < ids.size(); ++i) {
    const json row = audit_row(ids[i]);
    ASSERT_FALSE(row.is_null()) << "no audit row for request " << i << "\n" << service.log();
    if (i % asks.size() == 1) {
      EXPECT_EQ(row["question"], "revenue by month and more");  // the NUL removed
    }
    if (i % asks.size() == 2) {
      EXPECT_EQ(row["error_code"], "invalid_field");
    }
  }
  EXPECT_EQ(metric(service, "copilot_audit_dropped_total"), 0);
  EXPECT_GT(metric(service, "copilot_audit_backpressure_waits_total"), 0);
  EXPECT_EQ(json::parse(service.client().Get("/health")->body)["audit"]["dropped"], 0);
}

// ---- result size
// ---------------------------------------------------------------------------------

TEST(CopilotAttacks, TwoHundredValuesOf250MbStopAtTheByteCapWithBoundedMemory) {
  FakeOpenAiServer model;
  model.set_fallback(generation::testing::Reply::ok(
      "SELECT lpad('x', 250000000, 'x') AS x FROM generate_series(1, 200)"));
  auto env = raw_sql_model_env(model);
  env["STATEMENT_TIMEOUT_MS"] = "60000";  // computing one 250 MB value takes the server ~4 s
  env["LLM_EXPLAIN_PROBE"] = "false";     // … and the probe would compute it once more
  CopilotService service(env);
  const long rss_before = peak_rss_mb(service.pid());
  const auto start = Clock::now();
  const auto r = service.run(run_body("admin_user", "revenue by month", new_id("attack-big")));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422) << r->body.substr(0, 400);
  const auto error = json::parse(r->body)["error"];
  EXPECT_EQ(error["code"], "result_too_large");
  EXPECT_THAT(error["message"].get<std::string>(), ::testing::HasSubstr("4 MB"));
  const long rss_after = peak_rss_mb(service.pid());
  std::cout << "[ figures  ] copilot peak RSS " << rss_before << " MB -> " << rss_after
            << " MB; refused in " << ms_since(start) << " ms\n";
  EXPECT_LT(rss_after - rss_before, 64) << "the copilot read far more than the cap";
  // And the service still answers.
  EXPECT_EQ(service.client().Get("/health")->status, 200);
}

// ---- the risk stage ----------------------------------------------------------------------------

TEST(CopilotAttacks, RiskStageHoldsOrRefusesRuinousModelSql) {
  FakeOpenAiServer model;
  model.set_fallback(
      generation::testing::Reply::ok("SELECT count(*) FROM generate_series(1, 100000000000)"));
  auto env = testing::model_env(model.base_url());
  env["LLM_STRUCTURED_OUTPUT"] = "false";
  CopilotService service(env);
  const auto held = service.run(run_body("manager_store1", "revenue by month", new_id("risk")));
  ASSERT_TRUE(held);
  ASSERT_EQ(held->status, 202) << held->body.substr(0, 400);
  const auto body = json::parse(held->body);
  EXPECT_EQ(body["status"], "pending_approval");
  EXPECT_EQ(body["risk"]["level"], "high");
  EXPECT_TRUE(body["approval_id"].is_number_integer());
  {  // the held request must not wait in anyone's queue (the database is shared)
    pqxx::connection connection(testing::required_env("APP_DATABASE_URL"));
    common::db::OrgTransaction tx(connection, 1);
    tx.exec_params("DELETE FROM approval_requests WHERE approval_id = $1",
                   body["approval_id"].get<long long>());
    tx.commit();
  }

  // Larger than PostgreSQL's 1 GB: never EXPLAINed (constant folding would build it while
  // planning), refused from its literals.
  model.set_fallback(generation::testing::Reply::ok("SELECT lpad('x', 2147483647, 'y') AS x"));
  const auto id = new_id("risk");
  const auto blocked = service.run(run_body("manager_store1", "revenue by month", id));
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 403) << blocked->body.substr(0, 400);
  EXPECT_EQ(json::parse(blocked->body)["error"]["code"], "policy_denied");
  const json row = audit_row(id);
  ASSERT_FALSE(row.is_null());
  EXPECT_EQ(row["error_stage"], "risk");
}

// ---- a client that disconnects ---------------------------------------------------------------

TEST(CopilotAttacks, DisconnectingClientCancelsItsQueryWithinOneSecond) {
  const std::string marker = new_id("attack-cancel");
  FakeOpenAiServer model;
  model.set_fallback(generation::testing::Reply::ok(heavy_sql(marker)));
  auto env = raw_sql_model_env(model);
  env["STATEMENT_TIMEOUT_MS"] = "30000";  // bounded, should the cancel fail
  CopilotService service(env);
  const std::string id = new_id("attack-cancel");
  RawClient client(service.port(), service.token(), run_body("admin_user", "revenue by month", id),
                   false);
  const double ms = cancel_time_after_disconnect(client, marker);
  std::cout << "[ figures  ] query gone from pg_stat_activity " << ms
            << " ms after the client disconnected\n";
  ASSERT_GE(ms, 0) << "the query did not start, or ran on after the disconnect\n" << service.log();
  EXPECT_LT(ms, 1000);
  const json row = audit_row(id);
  ASSERT_FALSE(row.is_null());
  EXPECT_EQ(row["status"], "failed");
  EXPECT_EQ(row["error_code"], "client_closed_request");
  EXPECT_EQ(metric(service, "copilot_requests_cancelled_total"), 1);
}

TEST(CopilotAttacks, DisconnectingSseClientCancelsItsQueryWithinOneSecond) {
  const std::string marker = new_id("attack-cancel-sse");
  FakeOpenAiServer model;
  model.set_fallback(generation::testing::Reply::ok(heavy_sql(marker)));
  auto env = raw_sql_model_env(model);
  env["STATEMENT_TIMEOUT_MS"] = "30000";
  CopilotService service(env);
  RawClient client(service.port(), service.token(),
                   run_body("admin_user", "revenue by month", new_id("attack-cancel-sse")), true);
  const double ms = cancel_time_after_disconnect(client, marker);
  ASSERT_GE(ms, 0) << service.log();
  EXPECT_LT(ms, 1000);
}

TEST(CopilotAttacks, DisconnectingClientAbortsItsModelCall) {
  FakeOpenAiServer model;
  model.set_fallback(generation::testing::Reply::timeout(
      std::chrono::milliseconds(8000)));  // a model that dawdles
  CopilotService service(raw_sql_model_env(model));
  const std::string id = new_id("attack-cancel-model");
  const auto start = Clock::now();
  {
    RawClient client(service.port(), service.token(),
                     run_body("admin_user", "revenue by month", id), false);
    while (model.requests().empty() && ms_since(start) < 5000) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_FALSE(model.requests().empty()) << service.log();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }  // the client goes away while the model is still "thinking"
  const double disconnected_at = ms_since(start);
  const json row = audit_row(id);
  ASSERT_FALSE(row.is_null()) << service.log();
  EXPECT_EQ(row["error_code"], "client_closed_request");
  // The request ended about when its client left (libcurl checks about once a second while the
  // server is silent), not 8 s later when the model would have answered.
  std::cout << "[ figures  ] request ended " << row["total_ms"].get<double>() - disconnected_at
            << " ms after the disconnect (model would have answered at 8000 ms)\n";
  EXPECT_LT(row["total_ms"].get<double>(), disconnected_at + 2000);
}

}  // namespace
}  // namespace copilot
