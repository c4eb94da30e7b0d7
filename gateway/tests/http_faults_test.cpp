// Copilot faults become JSON 503/504/502, fast, each audited (issue 5 acceptance): stopped →
// 503 within 100 ms; hung → 504 at COPILOT_TIMEOUT_MS; garbage → 502. Always the fake copilot.
#include <gtest/gtest.h>

#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string gateway_audit(const std::string& request_id) {
  return wait_for_scalar(
      "SELECT l.status || ':' || l.http_status || ':' || l.error_code || ':' || e.stage "
      "FROM query_audit_logs l JOIN query_audit_events e USING (request_id) "
      "WHERE l.request_id = '" +
          request_id + "' AND l.source = 'gateway'",
      3s);
}

void expect_json_error(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.json()["error"]["code"], code) << r.body;
  EXPECT_EQ(r.json()["error"]["request_id"], r.header("X-Request-Id"));
}

TEST(GatewayFaults, CopilotDownIsJson503Within100ms) {
  Stack stack({.env = {}, .real_copilot = false, .copilot_down = true});
  const auto token = stack.login("manager_store1", "manager123");
  std::vector<double> times;
  for (int i = 0; i < 5; ++i) {
    const auto r = stack.post_json("/api/ask", {{"question", "total revenue"}}, token);
    expect_json_error(r, 503, "upstream_unavailable");
    times.push_back(r.ms);
    if (i == 0) {
      EXPECT_EQ(gateway_audit(r.header("X-Request-Id")), "failed:503:upstream_unavailable:gateway");
    }
  }
  std::sort(times.begin(), times.end());
  std::cout << "copilot down: 503 in " << times.front() << " .. " << times.back() << " ms\n";
  EXPECT_LT(times.back(), 100.0);
  const auto sse = stack.post_json("/api/ask", {{"question", "total revenue"}}, token,
                                   {{"Accept", "text/event-stream"}});
  expect_json_error(sse, 503, "upstream_unavailable");
  EXPECT_LT(sse.ms, 100.0);
  const auto health = stack.get("/health");
  EXPECT_EQ(health.json()["copilot"], "down");
  EXPECT_NE(
      stack.get("/metrics").body.find("gateway_upstream_errors_total{kind=\"unavailable\"} 6"),
      std::string::npos);
}

TEST(GatewayFaults, CopilotHungIs504AtTheConfiguredTimeout) {
  Stack stack({.env = {{"COPILOT_TIMEOUT_MS", "600"}}, .real_copilot = false});
  const auto token = stack.login("manager_store1", "manager123");
  stack.fake()->set_mode(FakeCopilot::Mode::kHang);
  const auto r = stack.post_json("/api/ask", {{"question", "total revenue"}}, token);
  expect_json_error(r, 504, "upstream_timeout");
  std::cout << "copilot hung (timeout 600 ms): 504 after " << r.ms << " ms\n";
  EXPECT_GE(r.ms, 580.0);
  EXPECT_LT(r.ms, 900.0);
  EXPECT_EQ(gateway_audit(r.header("X-Request-Id")), "failed:504:upstream_timeout:gateway");
  const auto sse = stack.post_json("/api/ask", {{"question", "total revenue"}}, token,
                                   {{"Accept", "text/event-stream"}});
  expect_json_error(sse, 504, "upstream_timeout");
  EXPECT_GE(sse.ms, 580.0);
  EXPECT_LT(sse.ms, 900.0);
}

TEST(GatewayFaults, StreamThatStallsEndsWithAnErrorEvent) {
  Stack stack({.env = {{"COPILOT_TIMEOUT_MS", "500"}}, .real_copilot = false});
  const auto token = stack.login("manager_store1", "manager123");
  stack.fake()->set_mode(FakeCopilot::Mode::kStreamThenHang);
  const auto r = stack.post_json("/api/ask", {{"question", "total revenue"}}, token,
                                 {{"Accept", "text/event-stream"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("event: stage"), std::string::npos);
  const auto error = r.body.rfind("event: error");
  ASSERT_NE(error, std::string::npos) << r.body;
  EXPECT_NE(r.body.find("upstream_timeout", error), std::string::npos);
  EXPECT_EQ(gateway_audit(r.header("X-Request-Id")), "failed:504:upstream_timeout:gateway");
}

TEST(GatewayFaults, GarbageFromTheCopilotIs502) {
  Stack stack({.env = {}, .real_copilot = false, .copilot_down = false});
  const auto token = stack.login("manager_store1", "manager123");
  stack.fake()->set_mode(FakeCopilot::Mode::kGarbage);
  const auto r = stack.post_json("/api/ask", {{"question", "total revenue"}}, token);
  expect_json_error(r, 502, "upstream_error");
  EXPECT_EQ(gateway_audit(r.header("X-Request-Id")), "failed:502:upstream_error:gateway");
  const auto sse = stack.post_json("/api/ask", {{"question", "total revenue"}}, token,
                                   {{"Accept", "text/event-stream"}});
  expect_json_error(sse, 502, "upstream_error");
  // A reply cut off mid-body: the copilot took the request, so it is not sent again under its
  // id (the copilot would refuse it as a duplicate, and the caller would get a 409 for an id
  // they never chose).
  stack.fake()->set_mode(FakeCopilot::Mode::kCloseEarly);
  const int runs_before = stack.fake()->runs();
  const auto cut = stack.post_json("/api/ask", {{"question", "total revenue"}}, token);
  expect_json_error(cut, 502, "upstream_error");
  EXPECT_EQ(gateway_audit(cut.header("X-Request-Id")), "failed:502:upstream_error:gateway");
  EXPECT_LE(stack.fake()->runs() - runs_before, 2);
  // And it recovers when the copilot does.
  stack.fake()->set_mode(FakeCopilot::Mode::kAnswer);
  EXPECT_EQ(stack.post_json("/api/ask", {{"question", "total revenue"}}, token).status, 200);
}

TEST(GatewayFaults, WrongInternalTokenIsOurFailureNotTheCallers) {
  Stack stack({.env = {}, .real_copilot = false, .copilot_down = false});
  const auto token = stack.login("manager_store1", "manager123");
  // A gateway configured with another internal token than its copilot: 502, never a 401.
  const int port = reserve_loopback_port();
  Process other(GATEWAY_BINARY, {},
                {{"JWT_SECRET", stack.jwt_secret()},
                 {"INTERNAL_TOKEN", random_hex(16)},
                 {"GATEWAY_HOST", "127.0.0.1"},
                 {"GATEWAY_PORT", std::to_string(port)},
                 {"COPILOT_URL", "http://127.0.0.1:" + std::to_string(stack.copilot_port())}},
                std::string(GATEWAY_TEST_LOG_DIR) + "/gateway-wrong-token.log");
  ASSERT_TRUE(wait_healthy(port, other, 30s)) << other.log_tail();
  httplib::Client client("127.0.0.1", port);
  const auto r = client.Post("/api/ask", {{"Authorization", "Bearer " + token}},
                             R"({"question":"q"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 502) << r->body;
  EXPECT_EQ(stack.post_json("/api/ask", {{"question", "q"}}, token).status, 200);
}

}  // namespace
}  // namespace gateway::testing
