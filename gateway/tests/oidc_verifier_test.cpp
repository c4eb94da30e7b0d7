// The ID token verifier (gateway/oidc/id_token.cpp), the JWKS reader and the claim mapping: keys
// made here with OpenSSL, tokens signed with libjwt the way a provider signs them, and every
// forgery the issue lists.
#include <gtest/gtest.h>
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <memory>

#include "gateway/oidc/claim_mapping.hpp"
#include "gateway/oidc/id_token.hpp"
#include "gateway/oidc/jwks.hpp"
#include "gateway/oidc/provider_client.hpp"
#include "gateway/oidc/sign_in.hpp"
#include "gateway/tests/tokens.hpp"

namespace gateway::oidc {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using std::chrono::system_clock;

constexpr long long kNowS = 1'800'000'000;
const system_clock::time_point kNow = system_clock::time_point(seconds(kNowS));
const Expected kExpected{"https://idp.example", "copilot", "nonce-123"};

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
struct CharDeleter {
  void operator()(char* text) const {
    free(text);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
  }
};

std::string bn_bytes(const EVP_PKEY* key, const char* name, int pad = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return {};
  const std::unique_ptr<BIGNUM, BnDeleter> bn(raw);
  std::string out(pad > 0 ? static_cast<size_t>(pad) : static_cast<size_t>(BN_num_bytes(bn.get())),
                  '\0');
  BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()),
               static_cast<int>(out.size()));
  return out;
}

// A signing key as a provider holds it: the private PEM and the public JWK it publishes.
struct TestKey {
  std::string private_pem;
  json jwk;
  std::string alg;
};

TestKey make_key(const std::string& alg, const std::string& kid) {
  const std::unique_ptr<EVP_PKEY, PkeyDeleter> key(alg == "ES256" ? EVP_EC_gen("P-256")
                                                                  : EVP_RSA_gen(2048));
  const std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  TestKey out{std::string(data, static_cast<size_t>(length)), json::object(), alg};
  if (alg == "ES256") {
    out.jwk = {{"kty", "EC"},
               {"crv", "P-256"},
               {"kid", kid},
               {"x", base64url_encode(bn_bytes(key.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32))},
               {"y", base64url_encode(bn_bytes(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
  } else {
    out.jwk = {{"kty", "RSA"},
               {"kid", kid},
               {"use", "sig"},
               {"n", base64url_encode(bn_bytes(key.get(), OSSL_PKEY_PARAM_RSA_N))},
               {"e", base64url_encode(bn_bytes(key.get(), OSSL_PKEY_PARAM_RSA_E))}};
  }
  return out;
}

std::string sign(const TestKey& key, const json& payload, const std::string& kid) {
  jwt_t* raw = nullptr;
  jwt_new(&raw);
  const std::unique_ptr<jwt_t, JwtDeleter> jwt(raw);
  jwt_add_grants_json(jwt.get(), payload.dump().c_str());
  jwt_add_header(jwt.get(), "kid", kid.c_str());
  jwt_set_alg(jwt.get(), key.alg == "ES256" ? JWT_ALG_ES256 : JWT_ALG_RS256,
              reinterpret_cast<const unsigned char*>(key.private_pem.data()),
              static_cast<int>(key.private_pem.size()));
  const std::unique_ptr<char, CharDeleter> text(jwt_encode_str(jwt.get()));
  return text ? std::string(text.get()) : std::string();
}

json claims() {
  return {{"iss", "https://idp.example"}, {"aud", "copilot"},  {"sub", "alice"},
          {"nonce", "nonce-123"},         {"iat", kNowS - 10}, {"exp", kNowS + 300},
          {"groups", {"copilot-admins"}}};
}

class OidcVerifier : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_GE(sodium_init(), 0);
    rsa_ = std::make_unique<TestKey>(make_key("RS256", "rsa-1"));
    ec_ = std::make_unique<TestKey>(make_key("ES256", "ec-1"));
  }
  static void TearDownTestSuite() {
    rsa_.reset();
    ec_.reset();
  }
  static std::vector<Jwk> keys() {
    return parse_jwks(json{{"keys", {rsa_->jwk, ec_->jwk}}}.dump());
  }
  static std::string reason(const std::string& token) {
    return verify_id_token(token, keys(), kExpected, kNow).reason;
  }
  static inline std::unique_ptr<TestKey> rsa_;
  static inline std::unique_ptr<TestKey> ec_;
};

TEST_F(OidcVerifier, ReadsRsaAndEcKeysPinnedToTheirAlgorithm) {
  const auto set = keys();
  ASSERT_EQ(set.size(), 2U);
  EXPECT_EQ(set[0].alg, "RS256");
  EXPECT_EQ(set[1].alg, "ES256");
  EXPECT_NE(set[0].pem.find("BEGIN PUBLIC KEY"), std::string::npos);
}

TEST_F(OidcVerifier, AcceptsRs256AndEs256FromKnownKeys) {
  const auto rs = verify_id_token(sign(*rsa_, claims(), "rsa-1"), keys(), kExpected, kNow);
  EXPECT_TRUE(rs.ok()) << rs.reason;
  EXPECT_EQ(rs.claims["sub"], "alice");
  const auto es = verify_id_token(sign(*ec_, claims(), "ec-1"), keys(), kExpected, kNow);
  EXPECT_TRUE(es.ok()) << es.reason;
}

TEST_F(OidcVerifier, RefusesAlgNone) {
  const std::string token = testing::base64url(R"({"alg":"none","kid":"rsa-1"})") + "." +
                            testing::base64url(claims().dump()) + ".";
  EXPECT_EQ(reason(token), "alg_not_allowed");
}

TEST_F(OidcVerifier, RefusesHs256KeyedWithThePublicKey) {
  const std::string pem = keys()[0].pem;
  const std::string token =
      testing::sign_hs256({{"alg", "HS256"}, {"kid", "rsa-1"}}, claims(), pem);
  EXPECT_EQ(reason(token), "alg_not_allowed");
}

TEST_F(OidcVerifier, PinsTheAlgorithmPerKey) {
  // Signed by the RSA key but naming the EC key: the header says RS256, the key is ES256-only.
  EXPECT_EQ(reason(sign(*rsa_, claims(), "ec-1")), "alg_not_allowed");
}

TEST_F(OidcVerifier, RefusesUnknownKeyAndBadSignature) {
  const TestKey stranger = make_key("RS256", "stranger");
  EXPECT_EQ(reason(sign(stranger, claims(), "stranger")), "unknown_key");
  EXPECT_EQ(reason(sign(stranger, claims(), "rsa-1")), "bad_signature");
  json other = claims();
  other["sub"] = "mallory";
  EXPECT_EQ(reason(testing::with_payload(sign(*rsa_, claims(), "rsa-1"), other)), "bad_signature");
}

TEST_F(OidcVerifier, ChecksTimesWithSmallSkew) {
  json c = claims();
  c["exp"] = kNowS - kSkew.count() - 1;
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "expired");
  c["exp"] = kNowS - kSkew.count() + 5;  // within the skew
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "");
  c = claims();
  c["nbf"] = kNowS + kSkew.count() + 10;
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "not_yet_valid");
  c = claims();
  c["iat"] = kNowS + kSkew.count() + 10;
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "issued_in_future");
  c = claims();
  c.erase("exp");
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "bad_claims");
}

TEST_F(OidcVerifier, ChecksIssuerAudienceAndNonce) {
  json c = claims();
  c["iss"] = "https://evil.example";
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "wrong_issuer");
  c = claims();
  c["aud"] = "another-client";
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "wrong_audience");
  c["aud"] = json::array({"copilot", "another-client"});
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "wrong_audience");  // several, no azp
  c["azp"] = "copilot";
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "");
  c = claims();
  c["nonce"] = "another";
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "bad_nonce");
  c.erase("nonce");
  EXPECT_EQ(reason(sign(*rsa_, c, "rsa-1")), "bad_nonce");
}

TEST_F(OidcVerifier, RefusesMalformedTokensAndHeaderKeyUrls) {
  EXPECT_EQ(reason(""), "malformed");
  EXPECT_EQ(reason("a.b"), "malformed");
  EXPECT_EQ(reason("a.b.c.d"), "malformed");
  EXPECT_EQ(reason(std::string(kMaxIdTokenLength + 1, 'a')), "malformed");
  const std::string jku = testing::base64url(R"({"alg":"RS256","jku":"https://evil/jwks"})") + "." +
                          testing::base64url(claims().dump()) + ".sig";
  EXPECT_EQ(reason(jku), "alg_not_allowed");
}

TEST_F(OidcVerifier, SkipsKeysItCannotTrust) {
  json ec_wrong_curve = ec_->jwk;
  ec_wrong_curve["crv"] = "P-384";
  json enc = rsa_->jwk;
  enc["use"] = "enc";
  json mislabelled = rsa_->jwk;
  mislabelled["alg"] = "HS256";
  json small = rsa_->jwk;
  small["n"] = base64url_encode(std::string(64, '\x7f'));
  json symmetric = {{"kty", "oct"}, {"k", "c2VjcmV0"}, {"kid", "oct"}};
  EXPECT_TRUE(
      parse_jwks(json{{"keys", {ec_wrong_curve, enc, mislabelled, small, symmetric}}}.dump())
          .empty());
  // Two keys under one kid: neither.
  json twin = ec_->jwk;
  twin["kid"] = "rsa-1";
  EXPECT_TRUE(parse_jwks(json{{"keys", {rsa_->jwk, twin}}}.dump()).empty());
  EXPECT_TRUE(parse_jwks("not json").empty());
  EXPECT_TRUE(parse_jwks(R"({"keys":{}})").empty());
}

TEST(OidcDiscovery, RequiresTheExpectedIssuerAndEndpoints) {
  const json doc = {{"issuer", "https://idp.example"},
                    {"authorization_endpoint", "https://idp.example/auth"},
                    {"token_endpoint", "https://idp.example/token"},
                    {"jwks_uri", "https://idp.example/jwks"},
                    {"end_session_endpoint", "https://idp.example/logout"}};
  const auto d = parse_discovery(doc.dump(), "https://idp.example");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->end_session_endpoint, "https://idp.example/logout");
  EXPECT_FALSE(parse_discovery(doc.dump(), "https://other.example"));
  json no_jwks = doc;
  no_jwks.erase("jwks_uri");
  EXPECT_FALSE(parse_discovery(no_jwks.dump(), "https://idp.example"));
}

TEST(OidcPkce, S256ChallengeMatchesRfc7636) {
  EXPECT_EQ(s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_EQ(random_token(32).size(), 43U);
  EXPECT_NE(random_token(32), random_token(32));
}

TEST(OidcMapping, GroupsEmailDomainAndCustomClaimsByPriority) {
  const std::vector<MappingRule> rules = {
      {1, 1, "groups", "store1-managers", "store_manager", false, {1}, 20},
      {2, 1, "groups", "copilot-admins", "admin", true, {1, 2}, 10},
      {3, 1, "email_domain", "finance.example", "finance", false, {1}, 30},
      {4, 1, "department", "marketing", "marketing", false, {1, 2}, 40}};
  json both = {{"groups", {"store1-managers", "copilot-admins"}}};
  EXPECT_EQ(match_rule(rules, both)->role, "admin");  // lowest priority wins
  json fiona = {{"email", "fiona@Finance.example"}, {"email_verified", true}};
  EXPECT_EQ(match_rule(rules, fiona)->role, "finance");
  fiona["email_verified"] = false;  // an unverified email proves nothing
  EXPECT_FALSE(match_rule(rules, fiona));
  EXPECT_EQ(match_rule(rules, json{{"department", "marketing"}})->role, "marketing");
  EXPECT_FALSE(match_rule(rules, json{{"groups", {"contractors"}}}));
  EXPECT_FALSE(match_rule(rules, json{{"groups", "copilot-admins-not"}}));
  EXPECT_FALSE(match_rule({}, both));
}

TEST(OidcMapping, UsernamesStayWithinTheUsernameRules) {
  EXPECT_EQ(username_for({{"email", "alice@corp.example"}, {"sub", "x"}}), "alice.at.corp.example");
  EXPECT_EQ(username_for({{"sub", "a b/c"}}), "a.b.c");
  EXPECT_EQ(username_for({{"sub", std::string(100, 'a')}}).size(), 64U);
}

}  // namespace
}  // namespace gateway::oidc
