// gateway/oidc/id_token.hpp — verifies an OpenID Connect ID token (OIDC Core §3.1.3.7).
// In: the compact JWS from the token response, the provider's keys, what it must say (issuer,
// our client id, the nonce we sent) and the time. Out: its claims, or the reason it is refused:
//   malformed        not three base64url parts of JSON objects, or too large
//   alg_not_allowed  header alg is not the one its key is pinned to ("none", HS*, RS/ES swapped)
//   unknown_key      no key in the set has the header's kid
//   bad_signature    the key's signature check failed
//   wrong_issuer     iss is not the discovered issuer
//   wrong_audience   aud does not hold our client id, or azp names another client
//   expired / not_yet_valid / issued_in_future   exp, nbf, iat against the clock ± kSkew
//   bad_nonce        nonce missing or not the one stored for this sign-in
//   bad_claims       sub missing or a claim of the wrong type
// The signature is checked with libjwt with the key's own algorithm only; the header's alg is
// compared with it before libjwt sees the token, so an HMAC "signed" with the public key as the
// secret never reaches a verifier.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/oidc/jwks.hpp"

namespace gateway::oidc {

inline constexpr std::chrono::seconds kSkew{60};
inline constexpr size_t kMaxIdTokenLength = 16 * 1024;

struct Expected {
  std::string issuer;
  std::string audience;  // our client_id
  std::string nonce;
};

struct IdTokenResult {
  std::string reason;     // empty when valid
  nlohmann::json claims;  // the payload when valid (an object)
  std::string kid;        // the header's kid (for refetching keys and for the audit)
  std::string alg;        // the header's alg as sent
  [[nodiscard]] bool ok() const { return reason.empty(); }
};

// Header only: kid and alg, or reason "malformed". Used to decide whether the keys must be
// refetched before verifying.
IdTokenResult read_header(std::string_view token);

IdTokenResult verify_id_token(std::string_view token, const std::vector<Jwk>& keys,
                              const Expected& expected, std::chrono::system_clock::time_point now);

}  // namespace gateway::oidc
