// gateway/oidc/sign_in.hpp — the Authorization Code flow with PKCE, driven by the gateway.
//   start():  a random state, nonce and PKCE verifier stored in oidc_login_states (with an
//             expiry), and the provider's authorization URL carrying state, nonce and the S256
//             challenge.
//   finish(): the state consumed (single use: a replayed callback is refused), the code
//             exchanged for tokens, the ID token verified (id_token.hpp), its claims mapped to a
//             role and stores (claim_mapping.hpp), the user created or updated in app_users
//             (no password) — or the reason it is refused. Every outcome is written to
//             sign_in_events.
// The gateway issues its own access token for the user afterwards, as for a password login; the
// provider's tokens never leave the gateway.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/db/pool.hpp"
#include "common/time/clock.hpp"
#include "gateway/auth/users.hpp"
#include "gateway/oidc/provider_client.hpp"
#include "gateway/oidc/settings.hpp"

namespace gateway::oidc {

struct StartResult {
  std::string authorization_url;
  std::string state;
  long long expires_in = 0;
};

struct Outcome {
  std::optional<auth::UserRecord> user;  // set when signed in
  std::string reason;                    // why refused (empty when signed in)
  std::string subject;
  std::string username;
  long long org_id = 0;
  [[nodiscard]] bool ok() const { return user.has_value(); }
};

struct AttemptInfo {
  std::string request_id;
  std::string client_ip;
};

class SignInFlow {
 public:
  SignInFlow(const Settings& settings, ProviderClient& provider, common::db::ConnectionPool& pool,
             auth::UserDirectory& users, const common::Clock& clock);

  // nullopt when the provider's discovery cannot be read (the caller answers 503).
  std::optional<StartResult> start();
  // provider_error: the `error` parameter of the callback (the user cancelled, access denied).
  Outcome finish(std::string_view state, std::string_view code, std::string_view provider_error,
                 const AttemptInfo& attempt);
  // A refusal decided before the flow (the browser's state differs): recorded like the others.
  Outcome refuse(const std::string& reason, const AttemptInfo& attempt);
  // The provider's end_session_endpoint with our client id and post-logout redirect; empty when
  // the provider has none.
  std::string logout_url();

  // One sign_in_events row (also used for password logins).
  void record(const std::string& method, const Outcome& outcome, const AttemptInfo& attempt,
              const nlohmann::json& details);

 private:
  Outcome finish_checked(std::string_view state, std::string_view code,
                         std::string_view provider_error, nlohmann::json& details);
  std::optional<auth::UserRecord> upsert_user(const nlohmann::json& claims, long long org_id,
                                              const std::string& role, bool is_all_stores,
                                              const std::vector<int>& store_ids,
                                              std::string& reason);

  const Settings& settings_;
  ProviderClient& provider_;
  common::db::ConnectionPool& pool_;
  auth::UserDirectory& users_;
  const common::Clock& clock_;
};

// A random base64url string of `bytes` random bytes (state, nonce, code verifier).
std::string random_token(size_t bytes);
// The PKCE S256 challenge of a verifier: base64url(SHA-256(verifier)).
std::string s256_challenge(std::string_view verifier);

}  // namespace gateway::oidc
