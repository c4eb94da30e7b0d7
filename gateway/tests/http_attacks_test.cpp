// Every case of ../shared/security/http_attacks.jsonl, read as it is, against the real gateway
// (and the copilot's own port for `copilot:` paths): each gets its expected status, no 5xx.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "gateway/tests/stack.hpp"
#include "gateway/tests/tokens.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;

constexpr const char* kAttackFile = "../shared/security/http_attacks.jsonl";

long long now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const SeedUser* find_user(const std::string& name) {
  for (const auto& u : seed_users()) {
    if (u.username == name) return &u;
  }
  return nullptr;
}

// Claims for a seed user as the gateway would issue them (user id read from the database).
json claims_of(const std::string& username, long long iat) {
  const SeedUser* user = find_user(username);
  const std::string id =
      scalar("SELECT user_id FROM app_users WHERE username = '" + username + "'");
  if (user == nullptr || id.empty()) {
    ADD_FAILURE() << "unknown user in placeholder: " << username;
    return json::object();
  }
  return claims_for(std::stoll(id), username, user->role, user->stores, user->all_stores, iat);
}

// Expands <VALID_TOKEN:user>, <EXPIRED_TOKEN:user>, <ALG_NONE_TOKEN:user>,
// <WRONG_KEY_TOKEN:user> and <TAMPERED_TOKEN:user:claim=value>.
std::string expand(std::string text, Stack& stack) {
  static const std::regex kPlaceholder(
      R"(<([A-Z_]+):([A-Za-z0-9_.-]+)(?::([A-Za-z0-9_]+)=([^>]*))?>)");
  std::smatch m;
  while (std::regex_search(text, m, kPlaceholder)) {
    const std::string kind = m[1];
    const std::string user = m[2];
    const json header = {{"alg", "HS256"}, {"typ", "JWT"}};
    std::string token;
    if (kind == "VALID_TOKEN") {
      token = sign_hs256(header, claims_of(user, now_s()), stack.jwt_secret());
    } else if (kind == "EXPIRED_TOKEN") {
      token = sign_hs256(header, claims_of(user, now_s() - 7200), stack.jwt_secret());
    } else if (kind == "ALG_NONE_TOKEN") {
      token = unsigned_token(claims_of(user, now_s()));
    } else if (kind == "WRONG_KEY_TOKEN") {
      token = sign_hs256(header, claims_of(user, now_s()), "not-the-gateway-key-" + random_hex(16));
    } else if (kind == "TAMPERED_TOKEN") {
      const std::string original = sign_hs256(header, claims_of(user, now_s()), stack.jwt_secret());
      auto claims = claims_of(user, now_s());
      const std::string claim = m[3];
      const std::string value = m[4];
      json parsed = json::parse(value, nullptr, false);
      claims[claim] = parsed.is_discarded() ? json(value) : parsed;
      token = with_payload(original, claims);
    } else {
      ADD_FAILURE() << "unknown placeholder " << m[0];
      token = "unknown";
    }
    text = m.prefix().str() + token + m.suffix().str();
  }
  return text;
}

TEST(GatewayAttacks, EveryPublishedCaseGetsItsExpectedStatus) {
  std::ifstream in(kAttackFile);
  ASSERT_TRUE(in) << "cannot read " << kAttackFile << " (run from the repository root)";
  Stack stack;
  int cases = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto item = json::parse(line, nullptr, false);
    if (item.is_discarded() || !item.is_object() || !item.contains("expect_status")) continue;
    ++cases;
    const std::string id = item.value("id", "?");
    std::string path = item.value("path", "/");
    const bool to_copilot = path.rfind("copilot:", 0) == 0;
    if (to_copilot) path = path.substr(8);
    httplib::Headers headers;
    const json header_items = item.value("headers", json::object());
    for (const auto& [name, value] : header_items.items()) {
      headers.emplace(name,
                      expand(value.is_string() ? value.get<std::string>() : value.dump(), stack));
    }
    std::string body;
    if (item.contains("body")) {
      body = item["body"].is_string() ? item["body"].get<std::string>() : item["body"].dump();
      body = expand(body, stack);
    }
    const auto reply = stack.request(item.value("method", "GET"), path, headers, body, to_copilot);
    const int expected = item["expect_status"].get<int>();
    std::cout << id << " " << item.value("name", "") << ": " << reply.status << " (expected "
              << expected << ")\n";
    EXPECT_EQ(reply.status, expected) << id << " " << item.value("name", "") << "\n" << reply.body;
    EXPECT_LT(reply.status, 500) << id;
    if (!to_copilot) {
      EXPECT_FALSE(reply.header("X-Request-Id").empty()) << id;
      if (reply.status >= 400) {
        const auto error = reply.json();
        EXPECT_TRUE(error.is_object() && error.contains("error") && error["error"].contains("code"))
            << id << ": " << reply.body;
      }
    }
  }
  EXPECT_GT(cases, 0) << "no cases in " << kAttackFile;
}

}  // namespace
}  // namespace gateway::testing
