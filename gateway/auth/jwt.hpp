// gateway/auth/jwt.hpp — the gateway's access tokens: HS256 JWTs through libjwt.
// In: a token from an Authorization header and the current time. Out: its claims, or why it is
// refused. Refuses anything but a compact three-part token whose header says HS256 (alg "none",
// HS384/512, RS*/ES* — algorithm confusion — included), a bad signature, a token past `exp`,
// before `nbf` or issued in the future, a foreign issuer, and any missing or mistyped claim.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gateway::auth {

// Who a token speaks for.
struct Identity {
  long long user_id = 0;
  std::string username;  // the `sub` claim
  std::string role;      // admin | store_manager | marketing | finance
  std::vector<int> store_ids;
  bool is_all_stores = false;
  long long org_id = 0;  // the user's organisation: every app-database read is scoped to it
};

struct Claims {
  Identity identity;
  std::string jti;           // the token's own id (empty for a token issued without one)
  long long issued_at = 0;   // iat, seconds since the epoch
  long long not_before = 0;  // nbf
  long long expires_at = 0;  // exp
};

enum class TokenStatus {
  kValid,
  kMalformed,         // not a compact JWT, bad base64url or JSON
  kTooLarge,          // longer than kMaxTokenLength
  kAlgorithmRefused,  // header alg is not HS256
  kBadSignature,
  kExpired,      // signature ok, exp passed
  kNotYetValid,  // signature ok, nbf (or iat) in the future
  kBadClaims,    // signature ok, a claim missing or of the wrong type/value
};

std::string_view status_name(TokenStatus status);

struct Verification {
  TokenStatus status = TokenStatus::kMalformed;
  // Present when the signature verified and the claims parsed, even when expired or not yet
  // valid: the identity is then trustworthy enough to write an audit row, never to serve.
  std::optional<Claims> claims;
  [[nodiscard]] bool ok() const { return status == TokenStatus::kValid; }
};

inline constexpr size_t kMaxTokenLength = 4096;
inline constexpr std::string_view kIssuer = "analytics-copilot-gateway";

class TokenCodec {
 public:
  TokenCodec(std::string secret, std::chrono::seconds ttl);

  // A signed token for identity, valid from now for ttl.
  [[nodiscard]] std::string issue(const Identity& identity,
                                  std::chrono::system_clock::time_point now) const;
  [[nodiscard]] Verification verify(std::string_view token,
                                    std::chrono::system_clock::time_point now) const;
  [[nodiscard]] std::chrono::seconds ttl() const { return ttl_; }

 private:
  // Tokens whose signature and claims were checked, by their exact text: a client sends the
  // same token on every request, and the HMAC + JSON work is most of the gateway's own cost.
  // Time (exp / nbf) is checked again on every use; only the signature check is remembered.
  struct VerifiedCache {
    std::mutex mutex;
    std::unordered_map<std::string, Claims> claims;
  };
  [[nodiscard]] Verification verify_uncached(std::string_view token,
                                             std::chrono::system_clock::time_point now) const;

  std::string secret_;
  std::chrono::seconds ttl_;
  std::shared_ptr<VerifiedCache> verified_ = std::make_shared<VerifiedCache>();
};

// Clock skew tolerated on nbf and iat.
inline constexpr long long kLeewaySeconds = 5;

}  // namespace gateway::auth
