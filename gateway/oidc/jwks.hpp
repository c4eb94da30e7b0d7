// gateway/oidc/jwks.hpp — a provider's signing keys (JSON Web Key Set, RFC 7517).
// In: the JWKS document as fetched. Out: the keys the gateway can verify ID tokens with, each
// with the one algorithm it is pinned to — RS256 for an RSA key (n, e), ES256 for an EC P-256 key
// (x, y) — and its public key as PEM for libjwt. Refuses (skips) keys of any other type or curve,
// keys whose `use` is not "sig", keys whose own `alg` disagrees with their type, duplicate kids,
// and keys OpenSSL will not build. A malformed document yields no keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gateway::oidc {

struct Jwk {
  std::string kid;  // may be empty when the set holds a single key
  std::string alg;  // "RS256" or "ES256": the only algorithm a token signed by this key may use
  std::string pem;  // SubjectPublicKeyInfo, PEM
};

std::vector<Jwk> parse_jwks(std::string_view document);

// The key a token's header names: by kid; without a kid only when the set holds exactly one key.
const Jwk* find_key(const std::vector<Jwk>& keys, std::string_view kid);

// Strict base64url without padding; nullopt on any other character.
std::optional<std::string> base64url_decode(std::string_view text);
std::string base64url_encode(std::string_view bytes);

}  // namespace gateway::oidc
