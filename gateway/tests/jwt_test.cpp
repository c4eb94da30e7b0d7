// Token verification refuses everything but an HS256 token signed with our key, in its time
// window, with every claim present and well typed (DESIGN.md, defence layer 1).
#include <gtest/gtest.h>
#include <sodium.h>

#include "gateway/auth/authenticator.hpp"
#include "gateway/auth/jwt.hpp"
#include "gateway/tests/tokens.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using std::chrono::system_clock;
namespace t = gateway::testing;

const std::string kSecret = "0123456789abcdef0123456789ABCDEF-test-secret";
const system_clock::time_point kNow = system_clock::time_point(seconds(1'800'000'000));
constexpr long long kNowS = 1'800'000'000;

json manager_claims() {
  return t::claims_for(2, "manager_store1", "store_manager", {1}, false, kNowS);
}

class Jwt : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
  TokenCodec codec{kSecret, seconds(3600)};
};

TEST_F(Jwt, IssuedTokenVerifiesWithAllClaims) {
  const Identity who{5, "manager_multi", "store_manager", {1, 2}, false, 1};
  const auto v = codec.verify(codec.issue(who, kNow), kNow + seconds(10));
  ASSERT_TRUE(v.ok()) << status_name(v.status);
  EXPECT_EQ(v.claims->identity.user_id, 5);
  EXPECT_EQ(v.claims->identity.username, "manager_multi");
  EXPECT_EQ(v.claims->identity.role, "store_manager");
  EXPECT_EQ(v.claims->identity.store_ids, (std::vector<int>{1, 2}));
  EXPECT_FALSE(v.claims->identity.is_all_stores);
  EXPECT_EQ(v.claims->identity.org_id, 1);
  EXPECT_EQ(v.claims->expires_at - v.claims->issued_at, 3600);
}

TEST_F(Jwt, HandForgedHs256WithOurKeyVerifies) {
  const auto token = t::sign_hs256({{"alg", "HS256"}, {"typ", "JWT"}}, manager_claims(), kSecret);
  EXPECT_TRUE(codec.verify(token, kNow).ok());
}

TEST_F(Jwt, RefusesAlgNone) {
  const auto v = codec.verify(t::unsigned_token(manager_claims()), kNow);
  EXPECT_FALSE(v.ok());
  EXPECT_FALSE(v.claims);
}

TEST_F(Jwt, RefusesAlgNoneWithAFakeSignature) {
  auto token = t::unsigned_token(manager_claims()) + "AAAA";
  EXPECT_EQ(codec.verify(token, kNow).status, TokenStatus::kAlgorithmRefused);
  token = t::sign_hs256({{"alg", "none"}}, manager_claims(), kSecret);
  EXPECT_EQ(codec.verify(token, kNow).status, TokenStatus::kAlgorithmRefused);
  token = t::sign_hs256({{"alg", "NONE"}}, manager_claims(), kSecret);
  EXPECT_EQ(codec.verify(token, kNow).status, TokenStatus::kAlgorithmRefused);
}

TEST_F(Jwt, RefusesHs384AndHs512EvenWithOurKey) {
  EXPECT_EQ(codec.verify(t::sign_with_libjwt(manager_claims(), kSecret, 384), kNow).status,
            TokenStatus::kAlgorithmRefused);
  EXPECT_EQ(codec.verify(t::sign_with_libjwt(manager_claims(), kSecret, 512), kNow).status,
            TokenStatus::kAlgorithmRefused);
}

TEST_F(Jwt, RefusesRs256ConfusionSignedWithTheSecretAsHmacKey) {
  const auto token = t::sign_hs256({{"alg", "RS256"}, {"typ", "JWT"}}, manager_claims(), kSecret);
  EXPECT_EQ(codec.verify(token, kNow).status, TokenStatus::kAlgorithmRefused);
  const auto es = t::sign_hs256({{"alg", "ES256"}}, manager_claims(), kSecret);
  EXPECT_EQ(codec.verify(es, kNow).status, TokenStatus::kAlgorithmRefused);
}

TEST_F(Jwt, RefusesWrongKey) {
  const auto token = t::sign_hs256({{"alg", "HS256"}, {"typ", "JWT"}}, manager_claims(),
                                   "another-secret-of-enough-length-0123456789");
  const auto v = codec.verify(token, kNow);
  EXPECT_EQ(v.status, TokenStatus::kBadSignature);
  EXPECT_FALSE(v.claims);
}

TEST_F(Jwt, RefusesExpiredButKeepsIdentityForAudit) {
  const Identity who{2, "manager_store1", "store_manager", {1}, false, 1};
  const auto token = codec.issue(who, kNow - seconds(7200));
  const auto v = codec.verify(token, kNow);
  EXPECT_EQ(v.status, TokenStatus::kExpired);
  ASSERT_TRUE(v.claims);
  EXPECT_EQ(v.claims->identity.username, "manager_store1");
  EXPECT_EQ(codec.verify(token, kNow - seconds(7200) + seconds(3600)).status,
            TokenStatus::kExpired);  // exactly at exp
}

// Verified tokens are remembered by their exact text; time is still checked on every use, and a
// token that differs in one character is verified from scratch.
TEST_F(Jwt, ARememberedTokenIsStillCheckedForTimeAndTampering) {
  const Identity who{2, "manager_store1", "store_manager", {1}, false, 1};
  const auto token = codec.issue(who, kNow);
  ASSERT_TRUE(codec.verify(token, kNow + seconds(1)).ok());
  ASSERT_TRUE(codec.verify(token, kNow + seconds(2)).ok());  // from the cache
  EXPECT_EQ(codec.verify(token, kNow + seconds(3600)).status, TokenStatus::kExpired);
  EXPECT_EQ(codec.verify(token, kNow - seconds(60)).status, TokenStatus::kNotYetValid);
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(codec.verify(tampered, kNow + seconds(1)).ok());
  // Another key's codec has its own memory: our token is not valid there.
  TokenCodec other{"another-secret-0123456789abcdef-0123456789", seconds(3600)};
  EXPECT_FALSE(other.verify(token, kNow + seconds(1)).ok());
}

TEST_F(Jwt, RefusesNotBeforeInTheFuture) {
  auto claims = manager_claims();
  claims["nbf"] = kNowS + 600;
  const auto token = t::sign_hs256({{"alg", "HS256"}}, claims, kSecret);
  EXPECT_EQ(codec.verify(token, kNow).status, TokenStatus::kNotYetValid);
  EXPECT_TRUE(codec.verify(token, kNow + seconds(601)).ok());
}

TEST_F(Jwt, RefusesIssuedInTheFuture) {
  const auto claims = t::claims_for(2, "manager_store1", "store_manager", {1}, false, kNowS + 600);
  EXPECT_EQ(codec.verify(t::sign_hs256({{"alg", "HS256"}}, claims, kSecret), kNow).status,
            TokenStatus::kNotYetValid);
}

TEST_F(Jwt, RefusesTamperedPayloadWithKeptSignature) {
  const Identity who{2, "manager_store1", "store_manager", {1}, false, 1};
  const auto token = codec.issue(who, kNow);
  for (const auto& [claim, value] :
       std::vector<std::pair<std::string, json>>{{"role", "admin"},
                                                 {"store_ids", json::array({1, 2})},
                                                 {"is_all_stores", true},
                                                 {"user_id", 1},
                                                 {"org_id", 2},
                                                 {"exp", kNowS + 999999}}) {
    auto claims = json::parse(t::base64url_decode(
        token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1)));
    claims[claim] = value;
    EXPECT_EQ(codec.verify(t::with_payload(token, claims), kNow).status, TokenStatus::kBadSignature)
        << claim;
  }
}

TEST_F(Jwt, RefusesHugeToken) {
  const std::string huge(kMaxTokenLength + 1, 'a');
  EXPECT_EQ(codec.verify(huge, kNow).status, TokenStatus::kTooLarge);
  auto claims = manager_claims();
  claims["padding"] = std::string(5000, 'x');
  EXPECT_EQ(codec.verify(t::sign_hs256({{"alg", "HS256"}}, claims, kSecret), kNow).status,
            TokenStatus::kTooLarge);
}

TEST_F(Jwt, RefusesEachMissingClaim) {
  for (const char* claim : {"sub", "user_id", "role", "store_ids", "is_all_stores", "org_id", "iat",
                            "nbf", "exp", "iss"}) {
    auto claims = manager_claims();
    claims.erase(claim);
    const auto v = codec.verify(t::sign_hs256({{"alg", "HS256"}}, claims, kSecret), kNow);
    EXPECT_EQ(v.status, TokenStatus::kBadClaims) << claim;
    EXPECT_FALSE(v.ok());
  }
}

TEST_F(Jwt, RefusesMistypedClaims) {
  const std::vector<std::pair<std::string, json>> cases = {
      {"user_id", "2"},     {"user_id", 0},
      {"user_id", 2.5},     {"role", "superuser"},
      {"role", 1},          {"store_ids", "1"},
      {"store_ids", {"1"}}, {"store_ids", {0}},
      {"store_ids", {1.5}}, {"is_all_stores", "true"},
      {"is_all_stores", 1}, {"exp", "never"},
      {"exp", kNowS},       {"iss", "someone-else"},
      {"sub", ""},          {"nbf", kNowS - 10},
      {"org_id", 0},        {"org_id", "1"}};
  for (const auto& [claim, value] : cases) {
    auto claims = manager_claims();
    claims[claim] = value;
    const auto v = codec.verify(t::sign_hs256({{"alg", "HS256"}}, claims, kSecret), kNow);
    EXPECT_FALSE(v.ok()) << claim << "=" << value.dump();
  }
}

TEST_F(Jwt, RefusesGarbledTokens) {
  for (const std::string token :
       {"", "not.a.jwt", "a.b", "a.b.c.d", "....", "eyJhbGciOiJIUzI1NiJ9..sig",
        "eyJhbGciOiJIUzI1NiJ9.e30.", "!!!.???.***", "eyJhbGciOiJIUzI1NiJ9.W10.c2ln",
        "bnVsbA.bnVsbA.bnVsbA"}) {
    EXPECT_FALSE(codec.verify(token, kNow).ok()) << token;
  }
}

TEST_F(Jwt, RefusesLifetimeLongerThanAWeek) {
  const auto claims =
      t::claims_for(2, "manager_store1", "store_manager", {1}, false, kNowS, 8LL * 24 * 3600);
  EXPECT_EQ(codec.verify(t::sign_hs256({{"alg", "HS256"}}, claims, kSecret), kNow).status,
            TokenStatus::kBadClaims);
}

TEST(BearerToken, ReadsOnlyTheBearerScheme) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer  abc "), "abc");
  EXPECT_EQ(bearer_token("Basic abc"), "");
  EXPECT_EQ(bearer_token("Bearer"), "");
  EXPECT_EQ(bearer_token(""), "");
}

}  // namespace
}  // namespace gateway::auth
