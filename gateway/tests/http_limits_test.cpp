// Issue 13 against the real gateway binary on real loopback sockets: bodies bounded whatever
// their framing, slow and idle connections cut at their deadlines, login limits that hold
// against rotating addresses, NUL-suffixed names and parallel guesses, request ids that are the
// gateway's, audit floods that are bounded and lose nothing silently, per-user asks in flight,
// abandoned calls, 405, /metrics access, logout, and clean stream events. Bounded in count and
// time; the fake copilot where a fault is staged.
#include <gtest/gtest.h>

#include <zlib.h>
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "common/ids/ids.hpp"
#include "gateway/tests/stack.hpp"
#include "gateway/tests/tokens.hpp"

namespace gateway::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

long long now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string head(const std::string& method, const std::string& path,
                 const std::vector<std::string>& headers) {
  std::string out = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& h : headers) out += h + "\r\n";
  return out + "\r\n";
}

// Sends a chunked body of up to total bytes in 1 MB chunks, stopping as soon as the gateway
// answers or hangs up; returns the status it answered (0: none) and the bytes sent.
std::pair<int, size_t> chunked_flood(int port, const std::string& path, size_t total) {
  RawConnection c(port);
  c.send(head("POST", path, {"Content-Type: application/json", "Transfer-Encoding: chunked"}));
  const std::string chunk(1 << 20, 'a');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  const std::string framed = size_line + chunk + "\r\n";
  size_t sent = 0;
  while (sent < total) {
    c.poll_read();
    if (c.received.find("\r\n\r\n") != std::string::npos) break;
    if (!c.send(framed)) break;
    sent += chunk.size();
  }
  return {c.read_status(3s), sent};
}

std::string gzip(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string metrics_of(Stack& stack) { return stack.get("/metrics").body; }

// ---- 1. bodies -------------------------------------------------------------------------------

TEST(GatewayBodies, AChunkedBodyIsCutAtTheLimitWithoutGrowingTheGateway) {
  Stack stack({.env = {}, .real_copilot = false});
  const long before = rss_kb(stack.gateway().pid());
  const auto [status, sent] = chunked_flood(stack.gateway_port(), "/api/auth/login", 1536UL << 20);
  const long after = rss_kb(stack.gateway().pid());
  std::cout << "1.5 GB chunked login body: " << status << " after " << (sent >> 20)
            << " MB sent; gateway RSS " << before / 1024 << " -> " << after / 1024 << " MB\n";
  EXPECT_EQ(status, 413);
  EXPECT_LT(sent, 64UL << 20) << "the gateway kept reading";
  EXPECT_LT(after - before, 10 * 1024);
  // It still serves, on a fresh connection.
  EXPECT_EQ(stack.get("/health").status, 200);
}

TEST(GatewayBodies, AnOversizedLengthIs413AndBytesWithoutALengthAreNoBody) {
  Stack stack({.env = {}, .real_copilot = false});
  {
    RawConnection c(stack.gateway_port());
    c.send(head("POST", "/api/auth/login",
                {"Content-Type: application/json", "Content-Length: 1610612736"}));
    EXPECT_EQ(c.read_status(3s), 413);
  }
  // No Content-Length and no Transfer-Encoding: the body is empty (RFC 9112 6.3), and what
  // follows is read as the next request, within the head's limits — never until EOF.
  const long before = rss_kb(stack.gateway().pid());
  RawConnection c(stack.gateway_port());
  c.send(head("POST", "/api/auth/login", {"Content-Type: application/json"}));
  const std::string junk(1 << 16, 'x');
  size_t sent = 0;
  while (sent < (64UL << 20) && c.send(junk)) sent += junk.size();
  EXPECT_EQ(c.read_status(3s), 400) << c.received.substr(0, 300);
  EXPECT_TRUE(c.wait_closed(3s));
  EXPECT_LT(rss_kb(stack.gateway().pid()) - before, 10 * 1024);
}

TEST(GatewayBodies, ACompressedBodyIs415BeforeItIsRead) {
  Stack stack({.env = {}, .real_copilot = false});
  const std::string bomb = gzip(std::string(60UL << 20, ' '));
  ASSERT_LT(bomb.size(), 100UL << 10);
  const long before = rss_kb(stack.gateway().pid());
  const auto r =
      stack.request("POST", "/api/auth/login",
                    {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}}, bomb);
  const long after = rss_kb(stack.gateway().pid());
  std::cout << bomb.size() / 1024 << " KB gzip body inflating to 60 MB: " << r.status
            << "; gateway RSS " << before / 1024 << " -> " << after / 1024 << " MB\n";
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "unsupported_media_type");
  EXPECT_LT(after - before, 10 * 1024);
  for (const char* encoding : {"br", "deflate", "x-unknown"}) {
    EXPECT_EQ(
        stack
            .request("POST", "/api/ask",
                     {{"Content-Type", "application/json"}, {"Content-Encoding", encoding}}, "{}")
            .status,
        415)
        << encoding;
  }
  // A body on a GET is not left in the stream to be read as the next request.
  RawConnection c(stack.gateway_port());
  c.send(head("GET", "/health", {"Content-Length: 40"}) +
         "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.read_status(3s), 400);
  EXPECT_TRUE(c.wait_closed(3s));
}

// ---- 2. slow and idle connections -----------------------------------------------------------

TEST(GatewaySlowClients, AHeadNotCompleteAtItsDeadlineIsCut) {
  Stack stack({.env = {{"GATEWAY_HEAD_TIMEOUT_MS", "800"}}, .real_copilot = false});
  std::vector<std::unique_ptr<RawConnection>> slow;
  slow.reserve(8);
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<RawConnection>(stack.gateway_port()));
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string line = "GET /health HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  // One byte every 100 ms: each byte would restart a per-read timeout, not a deadline.
  for (size_t i = 0; i < line.size(); ++i) {
    for (auto& c : slow) c->send(line.substr(i, 1));
    std::this_thread::sleep_for(100ms);
    if (std::chrono::steady_clock::now() - start > 2500ms) break;
  }
  int closed = 0;
  for (auto& c : slow) closed += c->wait_closed(1s) ? 1 : 0;
  EXPECT_EQ(closed, 8);
  EXPECT_EQ(stack.get("/health").status, 200);
  EXPECT_GE(metric(metrics_of(stack), "gateway_connections_closed_total{reason=\"head_timeout\"}"),
            8);
}

TEST(GatewaySlowClients, ConnectionsPerAddressAreCappedAndIdleOnesClosed) {
  Stack stack({.env = {{"GATEWAY_CONN_PER_IP", "4"}, {"GATEWAY_KEEPALIVE_IDLE_MS", "600"}},
               .real_copilot = false});
  std::vector<std::unique_ptr<RawConnection>> held;
  held.reserve(4);
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(stack.gateway_port(), "127.0.0.7"));
    held.back()->send("G");  // a request begun, so each is being served
  }
  std::this_thread::sleep_for(200ms);
  RawConnection fifth(stack.gateway_port(), "127.0.0.7");
  EXPECT_EQ(fifth.read_status(3s), 429) << fifth.received;
  // Other addresses are not affected.
  EXPECT_EQ(stack.get("/health").status, 200);
  // A kept-alive connection that stays idle is closed after its idle limit.
  RawConnection idle(stack.gateway_port());
  idle.send(head("GET", "/health", {}));
  EXPECT_EQ(idle.read_status(2s), 200);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(idle.wait_closed(3s));
  const auto after = std::chrono::steady_clock::now() - start;
  EXPECT_GE(after, 400ms);
  EXPECT_LT(after, 2500ms);
}

// ---- 3. login limits ------------------------------------------------------------------------

TEST(GatewayLogin, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  for (const bool trusted : {false, true}) {
    StackOptions options{.env = {{"GATEWAY_LOGIN_PER_IP", "3"}}, .real_copilot = false};
    if (trusted) options.env["TRUSTED_PROXIES"] = "127.0.0.1";
    Stack stack(options);
    int limited = 0;
    for (int i = 0; i < 5; ++i) {
      const auto r = stack.post_json(
          "/api/auth/login", {{"username", "nobody" + std::to_string(i)}, {"password", "x"}}, "",
          {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}});
      limited += r.status == 429 ? 1 : 0;
    }
    // Untrusted: all five count against 127.0.0.1; trusted: five different clients.
    EXPECT_EQ(limited, trusted ? 0 : 2) << "trusted=" << trusted;
  }
}

TEST(GatewayLogin, ControlCharactersInAUsernameAre422AndNeverVerified) {
  Stack stack({.env = {}, .real_copilot = false});
  for (const std::string& name :
       {std::string("manager_store1\0anything", 23), std::string("manager_store1\n"),
        std::string("a\x7f"), std::string("\xC2\x85x"), std::string(65, 'a'), std::string()}) {
    const auto r =
        stack.post_json("/api/auth/login", {{"username", name}, {"password", "manager123"}});
    EXPECT_EQ(r.status, 422) << json(name).dump() << r.body;
    EXPECT_EQ(r.json()["error"]["field"], "username");
  }
  EXPECT_EQ(metric(metrics_of(stack), "gateway_password_checks_total"), 0);
  EXPECT_EQ(stack
                .post_json("/api/auth/login",
                           {{"username", "manager_store1"}, {"password", "manager123"}})
                .status,
            200);
}

TEST(GatewayLogin, ThousandParallelGuessesReachVerificationOnlyWithinTheLimit) {
  // The worst case: the attacker's X-Forwarded-For passes a trusted proxy, so every guess comes
  // from a new address; half the names carry a NUL suffix.
  Stack stack({.env = {{"TRUSTED_PROXIES", "127.0.0.1"},
                       {"GATEWAY_LOGIN_PER_USER", "10"},
                       {"GATEWAY_LOGIN_PER_IP", "30"}},
               .real_copilot = false});
  std::atomic<int> next{0};
  std::atomic<int> ok{0};
  std::map<int, int> statuses;
  std::mutex mutex;
  std::vector<std::thread> workers;
  workers.reserve(64);
  for (int w = 0; w < 64; ++w) {
    workers.emplace_back([&] {
      httplib::Client client("127.0.0.1", stack.gateway_port());
      client.set_read_timeout(60, 0);  // the verifications queue two at a time
      for (int i = next++; i < 1000; i = next++) {
        const std::string name =
            i % 2 == 0 ? "manager_store1" : std::string("manager_store1\0", 15) + std::to_string(i);
        const auto r =
            client.Post("/api/auth/login",
                        {{"X-Forwarded-For",
                          "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".1"}},
                        json{{"username", name}, {"password", "guess" + std::to_string(i)}}.dump(),
                        "application/json");
        const std::lock_guard lock(mutex);
        ++statuses[r ? r->status : 0];
        if (!r) std::cout << "no answer: " << httplib::to_string(r.error()) << '\n';
        if (r && r->status == 200) ++ok;
      }
    });
  }
  for (auto& t : workers) t.join();
  const double checks = metric(metrics_of(stack), "gateway_password_checks_total");
  std::cout << "1000 guesses, 64 at once: statuses";
  for (const auto& [status, count] : statuses) std::cout << ' ' << status << "×" << count;
  std::cout << "; password verifications " << checks << " (limit 10 per username)\n";
  EXPECT_LE(checks, 10);
  EXPECT_GE(checks, 1);
  EXPECT_EQ(statuses[422], 500);
  EXPECT_EQ(ok.load(), 0);
}

// ---- 4. request ids ---------------------------------------------------------------------------

TEST(GatewayRequestIds, OneClientIdOnThreeAsksLeavesThreeAuditRows) {
  Stack stack;  // the real copilot writes the answered asks' rows
  const auto token = stack.login("manager_store1", "manager123");
  const std::string theirs = "client-" + random_hex(6);
  const std::vector<std::pair<json, int>> asks = {
      {{{"question", "total revenue"}}, 200},
      {{{"question", "number of rentals"}}, 200},
      {{{"question", "total revenue"}, {"store_id", 2}}, 403}};
  std::vector<std::string> ids;
  for (const auto& [body, status] : asks) {
    const auto r = stack.post_json("/api/ask", body, token, {{"X-Request-Id", theirs}});
    ASSERT_EQ(r.status, status) << r.body;
    ids.push_back(r.header("X-Request-Id"));
    EXPECT_NE(ids.back(), theirs);
    EXPECT_TRUE(common::ids::is_uuid(ids.back()));
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end()) << "request ids repeat";
  const std::string in = "('" + ids[0] + "','" + ids[1] + "','" + ids[2] + "')";
  ASSERT_EQ(
      wait_for_scalar("SELECT count(*) = 3 FROM query_audit_logs WHERE request_id IN " + in, 5s),
      "t");
  const auto rows = scalar(
      "SELECT string_agg(question || ':' || status || ':' || coalesce(http_status::text, ''), "
      "' | ' ORDER BY question, status) FROM query_audit_logs WHERE request_id IN " +
      in);
  std::cout << "audit rows: " << rows << '\n';
  EXPECT_EQ(rows, "number of rentals:ok:200 | total revenue:ok:200 | total revenue:refused:403");
  // The gateway's own row records the client's id; nothing is keyed by it.
  EXPECT_EQ(scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" + theirs + "'"),
            "0");
  EXPECT_EQ(scalar("SELECT client_request_id FROM query_audit_logs WHERE request_id IN " + in +
                   " AND source = 'gateway'"),
            theirs);
}

// ---- 5. the audit never loses a refusal silently --------------------------------------------

TEST(GatewayAudit, ExpiredTokenFloodsAreBoundedPerAddressAndCounted) {
  Stack stack({.env = {{"GATEWAY_AUDIT_REFUSALS_PER_IP", "20"}}, .real_copilot = false});
  const auto user_id = scalar("SELECT user_id FROM app_users WHERE username = 'finance_user'");
  const auto expired = sign_hs256(
      {{"alg", "HS256"}, {"typ", "JWT"}},
      claims_for(std::stoll(user_id), "finance_user", "finance", {1}, false, now_s() - 7200),
      stack.jwt_secret());
  const std::string marker = "flood-" + random_hex(4);
  std::atomic<int> next{0};
  std::atomic<int> answered_401{0};
  std::vector<std::thread> workers;
  workers.reserve(16);
  for (int w = 0; w < 16; ++w) {
    workers.emplace_back([&] {
      httplib::Client client("127.0.0.1", stack.gateway_port());
      for (int i = next++; i < 1000; i = next++) {
        const auto r = client.Post(
            "/api/ask", {{"Authorization", "Bearer " + expired}, {"X-Request-Id", marker}},
            R"({"question":"q"})", "application/json");
        if (r && r->status == 401) ++answered_401;
        if (!r) std::cout << "no answer: " << httplib::to_string(r.error()) << '\n';
      }
    });
  }
  for (auto& t : workers) t.join();
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(answered_401.load(), 1000);
  const auto text = metrics_of(stack);
  const double suppressed =
      metric(text, "gateway_audit_records_total{outcome=\"suppressed\",reason=\"unauthorized\"}");
  const auto rows =
      scalar("SELECT count(*) FROM query_audit_logs WHERE client_request_id = '" + marker + "'");
  std::cout << "1000 expired-token asks from one address: " << rows << " audit rows, " << suppressed
            << " counted instead\n";
  EXPECT_LE(std::stoi(rows), 21);
  EXPECT_GE(std::stoi(rows), 20);
  EXPECT_EQ(std::stoi(rows) + static_cast<int>(suppressed), 1000);
  EXPECT_EQ(metric(text, "gateway_audit_records_total{outcome=\"dropped\"}"), 0);
}

TEST(GatewayAudit, AFullQueueWaitsForRoomAndDropsNothing) {
  // A queue of 16 records and 64 callers refused at once: each refusal waits for room.
  Stack stack({.env = {{"GATEWAY_AUDIT_QUEUE", "16"}, {"GATEWAY_ASK_PER_USER", "100000"}},
               .real_copilot = false});
  const auto token = stack.login("manager_store1", "manager123");
  const std::string marker = "queue-" + random_hex(4);
  std::atomic<int> next{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> workers;
  workers.reserve(64);
  for (int w = 0; w < 64; ++w) {
    workers.emplace_back([&] {
      httplib::Client client("127.0.0.1", stack.gateway_port());
      for (int i = next++; i < 2000; i = next++) {
        const auto r = client.Post("/api/ask",
                                   {{"Authorization", "Bearer " + token}, {"X-Request-Id", marker}},
                                   R"({"question":"q","store_id":2})", "application/json");
        if (r && r->status == 403) ++refused;
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(refused.load(), 2000);
  const auto rows = wait_for_scalar(
      "SELECT count(*) = 2000 FROM query_audit_logs WHERE client_request_id = '" + marker + "'",
      10s);
  const auto text = metrics_of(stack);
  std::cout << "2000 refusals through a queue of 16: written "
            << metric(text, "gateway_audit_records_total{outcome=\"written\"}") << ", dropped "
            << metric(text, "gateway_audit_records_total{outcome=\"dropped\"}") << '\n';
  EXPECT_EQ(rows, "t");
  EXPECT_EQ(metric(text, "gateway_audit_records_total{outcome=\"dropped\"}"), 0);
}

// ---- 6. concurrency -------------------------------------------------------------------------

TEST(GatewayConcurrency, AUsersAsksInFlightAreCappedStreamsAndJsonAlike) {
  Stack stack({.env = {{"GATEWAY_ASKS_IN_FLIGHT_PER_USER", "2"}, {"COPILOT_TIMEOUT_MS", "3000"}},
               .real_copilot = false});
  const auto token = stack.login("manager_multi", "manager123");
  stack.fake()->set_mode(FakeCopilot::Mode::kHang);
  std::vector<std::thread> hanging;
  hanging.reserve(2);
  for (int i = 0; i < 2; ++i) {
    hanging.emplace_back([&] { stack.post_json("/api/ask", {{"question", "q"}}, token); });
  }
  for (int i = 0; i < 100 && stack.fake()->running() < 2; ++i) std::this_thread::sleep_for(20ms);
  ASSERT_EQ(stack.fake()->running(), 2);
  const auto json_ask = stack.post_json("/api/ask", {{"question", "q"}}, token);
  EXPECT_EQ(json_ask.status, 429) << json_ask.body;
  EXPECT_FALSE(json_ask.header("Retry-After").empty());
  const auto stream_ask =
      stack.post_json("/api/ask", {{"question", "q"}}, token, {{"Accept", "text/event-stream"}});
  EXPECT_EQ(stream_ask.status, 429) << stream_ask.body;
  EXPECT_GE(metric(metrics_of(stack), "gateway_rate_limited_total{limiter=\"ask_in_flight\"}"), 2);
  for (auto& t : hanging) t.join();
}

TEST(GatewayConcurrency, StreamsTakeACopilotConnectionLikeJsonAsks) {
  Stack stack({.env = {{"COPILOT_CONNECTIONS", "1"}, {"COPILOT_TIMEOUT_MS", "1500"}},
               .real_copilot = false});
  const auto a = stack.login("manager_multi", "manager123");
  const auto b = stack.login("admin_user", "admin123");
  stack.fake()->set_mode(FakeCopilot::Mode::kStreamThenHang);
  std::thread stream([&] {
    stack.post_json("/api/ask", {{"question", "q"}}, a, {{"Accept", "text/event-stream"}});
  });
  for (int i = 0; i < 100 && stack.fake()->running() < 1; ++i) std::this_thread::sleep_for(20ms);
  ASSERT_EQ(stack.fake()->running(), 1);
  // The one connection is the stream's: another user's ask waits for it (until the stream
  // stalls out), never reaching the copilot beside it.
  stack.fake()->set_mode(FakeCopilot::Mode::kAnswer);
  const auto waited = stack.post_json("/api/ask", {{"question", "q"}}, b);
  std::cout << "an ask behind a stream holding the only copilot connection: " << waited.status
            << " after " << waited.ms << " ms\n";
  EXPECT_GE(waited.ms, 700.0);
  stream.join();
  EXPECT_EQ(stack.post_json("/api/ask", {{"question", "q"}}, b).status, 200);
}

TEST(GatewayConcurrency, ACallerThatHangsUpAbandonsItsCopilotCall) {
  Stack stack({.env = {{"COPILOT_TIMEOUT_MS", "10000"}}, .real_copilot = false});
  const auto token = stack.login("manager_multi", "manager123");
  const std::string marker = "hangup-" + random_hex(4);
  for (const bool streaming : {false, true}) {
    stack.fake()->set_mode(streaming ? FakeCopilot::Mode::kStreamThenHang
                                     : FakeCopilot::Mode::kHang);
    const int abandoned_before = stack.fake()->abandoned();
    const std::string body = R"({"question":"total revenue"})";
    RawConnection c(stack.gateway_port());
    std::vector<std::string> headers = {"Content-Type: application/json",
                                        "Authorization: Bearer " + token, "X-Request-Id: " + marker,
                                        "Content-Length: " + std::to_string(body.size())};
    if (streaming) headers.emplace_back("Accept: text/event-stream");
    c.send(head("POST", "/api/ask", headers) + body);
    for (int i = 0; i < 100 && stack.fake()->running() < 1; ++i) std::this_thread::sleep_for(20ms);
    ASSERT_EQ(stack.fake()->running(), 1);
    if (streaming) {
      EXPECT_EQ(c.read_status(2s), 200);
    }
    const auto hung_up = std::chrono::steady_clock::now();
    c.close();
    for (int i = 0; i < 150 && stack.fake()->abandoned() == abandoned_before; ++i) {
      std::this_thread::sleep_for(20ms);
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - hung_up)
                        .count();
    std::cout << (streaming ? "stream" : "JSON") << " ask: the copilot saw its call closed " << ms
              << " ms after the caller hung up\n";
    EXPECT_EQ(stack.fake()->abandoned(), abandoned_before + 1) << (streaming ? "stream" : "json");
    EXPECT_LT(ms, 1500);
  }
  EXPECT_EQ(metric(metrics_of(stack), "gateway_asks_abandoned_total"), 2);
  // The JSON ask is audited as cancelled; the stream had answered 200 (the copilot's own row
  // tells how its run ended).
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE client_request_id = '" +
                                marker + "' AND status = 'cancelled' AND http_status = 499",
                            3s),
            "1");
}

// ---- 7. smaller holes -------------------------------------------------------------------------

TEST(GatewayRoutes, AKnownPathWithTheWrongMethodIs405WithAllow) {
  Stack stack({.env = {}, .real_copilot = false});
  for (const auto& [method, path, allow] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", "/api/ask", "POST"},
           {"GET", "/api/auth/login", "POST"},
           {"GET", "/api/auth/logout", "POST"},
           {"POST", "/health", "GET"},
           {"POST", "/api/audit", "GET"},
           {"DELETE", "/api/conversations/abc", "GET"}}) {
    const auto r = stack.request(method, path, {});
    EXPECT_EQ(r.status, 405) << method << ' ' << path << r.body;
    EXPECT_EQ(r.header("Allow"), allow) << method << ' ' << path;
    EXPECT_EQ(r.json()["error"]["code"], "method_not_allowed");
  }
  EXPECT_EQ(stack.get("/api/nothing").status, 404);
}

TEST(GatewayRoutes, MetricsAreForLoopbackOrTheMetricsToken) {
  const std::string token = random_hex(16);
  Stack stack(
      {.env = {{"TRUSTED_PROXIES", "127.0.0.1"}, {"METRICS_TOKEN", token}}, .real_copilot = false});
  EXPECT_EQ(stack.get("/metrics").status, 200);
  const auto remote = stack.request("GET", "/metrics", {{"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(remote.status, 403) << remote.body;
  EXPECT_EQ(stack
                .request("GET", "/metrics",
                         {{"X-Forwarded-For", "203.0.113.9"}, {"Authorization", "Bearer wrong"}})
                .status,
            403);
  EXPECT_EQ(stack
                .request("GET", "/metrics",
                         {{"X-Forwarded-For", "203.0.113.9"}, {"Authorization", "Bearer " + token}})
                .status,
            200);
}

TEST(GatewayLogout, ARevokedTokenIsRefusedAtOnceHereAndSoonElsewhere) {
  Stack stack({.env = {{"GATEWAY_REVOCATION_CACHE_MS", "60000"}}, .real_copilot = false});
  const auto token = stack.login("finance_user", "finance123");
  const auto other = stack.login("finance_user", "finance123");
  EXPECT_EQ(stack.get("/api/me", token).status, 200);
  // A second instance with the same secret and database, which has seen the token before.
  const int port = reserve_loopback_port();
  Process second(GATEWAY_BINARY, {},
                 {{"JWT_SECRET", stack.jwt_secret()},
                  {"INTERNAL_TOKEN", stack.internal_token()},
                  {"GATEWAY_HOST", "127.0.0.1"},
                  {"GATEWAY_PORT", std::to_string(port)},
                  {"GATEWAY_REVOCATION_CACHE_MS", "300"},
                  {"COPILOT_URL", "http://127.0.0.1:" + std::to_string(stack.copilot_port())}},
                 std::string(GATEWAY_TEST_LOG_DIR) + "/gateway-second.log");
  ASSERT_TRUE(wait_healthy(port, second, 30s)) << second.log_tail();
  httplib::Client elsewhere("127.0.0.1", port);
  const httplib::Headers bearer = {{"Authorization", "Bearer " + token}};
  ASSERT_EQ(elsewhere.Get("/api/me", bearer)->status, 200);

  const auto out = stack.post_json("/api/auth/logout", json::object(), token);
  EXPECT_EQ(out.status, 204) << out.body;
  // Here, at once, whatever the cache; elsewhere within its cache TTL.
  EXPECT_EQ(stack.get("/api/me", token).status, 401);
  EXPECT_EQ(stack.post_json("/api/ask", {{"question", "q"}}, token).status, 401);
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(elsewhere.Get("/api/me", bearer)->status, 401);
  // Only that token: the user's other session goes on.
  EXPECT_EQ(stack.get("/api/me", other).status, 200);
  EXPECT_EQ(stack.post_json("/api/auth/logout", json::object(), token).status, 401);
}

TEST(GatewayStream, StageEventsCarryTheCleanErrorOfTheAnswerNeverRawText) {
  Stack stack({.env = {}, .real_copilot = false});
  const auto token = stack.login("admin_user", "admin123");
  stack.fake()->set_mode(FakeCopilot::Mode::kStreamFailedStage);
  const auto r =
      stack.post_json("/api/ask", {{"question", "q"}}, token, {{"Accept", "text/event-stream"}});
  ASSERT_EQ(r.status, 200);
  for (const char* raw : {"secret_table", "42P01", "raw detail", "org-SECRET", "sqlstate"}) {
    EXPECT_EQ(r.body.find(raw), std::string::npos) << raw << " leaked:\n" << r.body;
  }
  const auto failed = r.body.find(R"("stage":"db_execution")");
  ASSERT_NE(failed, std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"({"error_code":"query_failed","message":"the query could not be run"})"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(R"("outcome":"http_429")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("event: error"), std::string::npos);
  EXPECT_LT(r.body.find("event: stage"), r.body.find("event: error"));
}

}  // namespace
}  // namespace gateway::testing
