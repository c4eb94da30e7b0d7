// Two gateways on one database with LIMITS_STORE=postgres (issue 18, part 1): a login lockout
// reached through gateway A holds on gateway B, and one user's asks count once across both.
// The real gateway binaries, the real database; PostgreSQL missing is a failure, never a skip.
#include <gtest/gtest.h>

#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// A second gateway beside a Stack's: same secrets, same copilot, same database.
class SecondGateway {
 public:
  SecondGateway(Stack& first, const std::map<std::string, std::string>& settings)
      : port_(reserve_loopback_port()) {
    std::map<std::string, std::string> env = {
        {"GATEWAY_HOST", "127.0.0.1"},
        {"GATEWAY_PORT", std::to_string(port_)},
        {"JWT_SECRET", first.jwt_secret()},
        {"INTERNAL_TOKEN", first.internal_token()},
        {"COPILOT_URL", "http://127.0.0.1:" + std::to_string(first.copilot_port())},
        {"GATEWAY_LOGIN_PER_IP", "1000"},
        {"GATEWAY_CONN_PER_IP", "512"},
        {"LOG_LEVEL", "info"}};
    for (const auto& [key, value] : settings) env[key] = value;
    process_ = std::make_unique<Process>(
        GATEWAY_BINARY, std::vector<std::string>{}, env,
        std::string(GATEWAY_TEST_LOG_DIR) + "/gateway-b-" + std::to_string(port_) + ".log");
    if (!wait_healthy(port_, *process_, 30s)) {
      ADD_FAILURE() << "gateway B did not start:\n" << process_->log_tail();
    }
  }
  ~SecondGateway() {
    if (::testing::Test::HasFailure()) std::cerr << "---- gateway B ----\n" << process_->log_tail();
  }
  SecondGateway(const SecondGateway&) = delete;
  SecondGateway& operator=(const SecondGateway&) = delete;

  Reply post_json(const std::string& path, const json& body, const std::string& token = "") {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(30, 0);
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    Reply reply;
    if (auto res = client.Post(path, headers, body.dump(), "application/json")) {
      reply.status = res->status;
      reply.body = res->body;
      reply.headers = res->headers;
    } else {
      ADD_FAILURE() << "gateway B: no response to " << path;
    }
    return reply;
  }

 private:
  int port_;
  std::unique_ptr<Process> process_;
};

const std::map<std::string, std::string> kShared = {
    {"LIMITS_STORE", "postgres"}, {"GATEWAY_LOGIN_PER_USER", "3"}, {"GATEWAY_ASK_PER_USER", "4"}};

TEST(GatewaySharedLimits, ALoginLockoutReachedThroughOneGatewayHoldsOnTheOther) {
  Stack a({.env = kShared});
  SecondGateway b(a, kShared);
  const TempUser user("finance", {1});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        a.post_json("/api/auth/login", {{"username", user.username}, {"password", "wrong"}}).status,
        401);
  }
  // Locked out everywhere: even the right password, on the gateway that saw no failure.
  const auto on_b =
      b.post_json("/api/auth/login", {{"username", user.username}, {"password", user.password}});
  EXPECT_EQ(on_b.status, 429) << on_b.body;
  EXPECT_EQ(on_b.json()["error"]["code"], "rate_limited");
  EXPECT_FALSE(on_b.header("Retry-After").empty());
  EXPECT_EQ(
      a.post_json("/api/auth/login", {{"username", user.username}, {"password", user.password}})
          .status,
      429);
  // The row the two gateways shared.
  EXPECT_EQ(scalar("SELECT count(*) FROM rate_limit_buckets WHERE bucket = 'login_user:" +
                   user.username + "'"),
            "1");
}

TEST(GatewaySharedLimits, OneUsersAsksCountOnceAcrossBothGateways) {
  Stack a({.env = kShared});
  SecondGateway b(a, kShared);
  const TempUser user("finance", {1});
  const std::string token = a.login(user.username, user.password);
  const json ask = {{"question", "What was total revenue last month?"}};
  // The token of gateway A is good on B (one secret), and the 4 asks of the window are shared.
  EXPECT_EQ(a.post_json("/api/ask", ask, token).status, 200);
  EXPECT_EQ(b.post_json("/api/ask", ask, token).status, 200);
  EXPECT_EQ(a.post_json("/api/ask", ask, token).status, 200);
  EXPECT_EQ(b.post_json("/api/ask", ask, token).status, 200);
  const auto fifth = b.post_json("/api/ask", ask, token);
  EXPECT_EQ(fifth.status, 429) << fifth.body;
  EXPECT_EQ(a.post_json("/api/ask", ask, token).status, 429);
  // Another user's budget is their own.
  const TempUser other("finance", {1});
  EXPECT_EQ(b.post_json("/api/ask", ask, a.login(other.username, other.password)).status, 200);
}

}  // namespace
}  // namespace gateway::testing
