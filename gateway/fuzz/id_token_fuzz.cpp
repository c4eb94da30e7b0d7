// libFuzzer target: what the gateway reads from an OpenID provider (gateway/oidc/): the JWKS
// document, the discovery document and the ID token. First byte even: the rest is a JWKS
// document, read and then used to verify a fixed token. Odd: the rest is an ID token, verified
// against a fixed key set (RSA + EC). Invariants: every key read is pinned to RS256 or ES256 with
// a PEM; a token is never accepted here (no fuzzed input is signed by the fixed keys) and every
// refusal has a reason.
#include <sodium.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gateway/oidc/id_token.hpp"
#include "gateway/oidc/jwks.hpp"
#include "gateway/oidc/provider_client.hpp"

namespace {

// A public RSA-2048 key and a P-256 key (public values only; nothing can be signed with them).
constexpr std::string_view kJwks = R"({"keys":[
{"kty":"RSA","kid":"rsa-1","e":"AQAB","n":"yIxWZLWweKh-tshZN1AuUtszS1IA1yb51PxWESXD5rp2-GZGciR4iTtuXtWFNSl9K1kw9YkZeOthWJwYPbddoO-Vf1D7ckp3BAw_cb_aL-Y5HY1S5WQHhjXFhT96QgllRuO8rpW3ZYbRQkwEmXRuNEKUyRbfsLUdEQ7J3DmO4Ae-SLVzr40xiwdzSMuEeYmJtzG3jkQd7I_QEXrnM3F6RWBkk9S8IHdRDDM5m20zSy1vlqb1rLKHfyT6Cm6mBGlmFJVk5hy86yoWGfcpbF-xg91bvuGd1Bc8WDDtaD-Bwp8gc0fRHRlmyqgrqBDGn5OMT6tzM2szHc8QlI6eAHJxGQ"},
{"kty":"EC","kid":"ec-1","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = sodium_init() >= 0;
  static const std::vector<gateway::oidc::Jwk> fixed = gateway::oidc::parse_jwks(kJwks);
  if (!ready || size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const gateway::oidc::Expected expected{"https://idp.example", "copilot", "nonce"};
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  if ((data[0] & 1) == 0) {
    const auto keys = gateway::oidc::parse_jwks(input);
    for (const auto& key : keys) {
      if ((key.alg != "RS256" && key.alg != "ES256") || key.pem.empty()) std::abort();
    }
    (void)gateway::oidc::parse_discovery(input, "https://idp.example");
    const auto r = gateway::oidc::verify_id_token("e30.e30.", keys, expected, now);
    if (r.ok()) std::abort();
  } else {
    const auto r = gateway::oidc::verify_id_token(input, fixed, expected, now);
    if (r.ok() || r.reason.empty()) std::abort();
  }
  return 0;
}
