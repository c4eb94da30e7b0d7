// gateway/oidc/provider_client.hpp — what the gateway asks of the OpenID provider.
// Discovery (/.well-known/openid-configuration, fetched on first use, cached; a failed fetch is
// retried at most every few seconds), the signing keys (cached; fetched again once when a token
// names an unknown kid, at most every jwks_min_refresh — a flood of forged kids cannot make the
// gateway hammer the provider), and the code-for-tokens exchange.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/time/clock.hpp"
#include "gateway/oidc/http_fetch.hpp"
#include "gateway/oidc/jwks.hpp"
#include "gateway/oidc/settings.hpp"

namespace gateway::oidc {

struct Discovery {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string end_session_endpoint;  // empty when the provider has no RP-initiated logout
};

// Parses a discovery document; nullopt when an endpoint is missing or its issuer is not
// expected_issuer (OIDC Discovery §4.3).
std::optional<Discovery> parse_discovery(std::string_view document,
                                         std::string_view expected_issuer);

struct TokenResult {
  std::string id_token;  // empty on failure
  std::string error;     // the provider's error code (e.g. invalid_grant) or a transport error
};

class ProviderClient {
 public:
  ProviderClient(const Settings& settings, HttpFetcher& http, const common::Clock& clock);

  std::optional<Discovery> discovery();
  // The cached keys; when none of them has kid, fetched again (rate-limited) first.
  std::vector<Jwk> keys_for(const std::string& kid);
  TokenResult exchange(const Discovery& endpoints, const std::string& code,
                       const std::string& code_verifier, const std::string& redirect_uri);

 private:
  const Settings& settings_;
  HttpFetcher& http_;
  const common::Clock& clock_;
  std::mutex mutex_;
  std::optional<Discovery> discovery_;
  std::optional<std::chrono::steady_clock::time_point> discovery_failed_at_;
  std::vector<Jwk> keys_;
  std::optional<std::chrono::steady_clock::time_point> keys_fetched_at_;
};

}  // namespace gateway::oidc
