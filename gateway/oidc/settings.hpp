// gateway/oidc/settings.hpp — OpenID Connect settings, part of the gateway's Config.
// OIDC_ISSUER unset: OIDC is off and everything works as without it. Set: OIDC_CLIENT_ID and
// OIDC_CLIENT_SECRET are required; OIDC_REDIRECT_URI defaults to the web's /auth/callback
// (WEB_PUBLIC_URL, default http://127.0.0.1:3001).
#pragma once

#include <chrono>
#include <string>

namespace gateway::oidc {

struct Settings {
  bool enabled = false;
  std::string issuer;
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri;
  std::string post_logout_redirect_uri;  // where the provider sends the browser after logout
  std::string provider_name = "your identity provider";  // OIDC_PROVIDER_NAME
  std::string scopes = "openid email profile";           // OIDC_SCOPES
  std::chrono::seconds state_ttl{600};                   // a sign-in must finish within
  std::chrono::seconds jwks_min_refresh{10};  // unknown kid: keys refetched at most this often
  std::chrono::milliseconds http_timeout{5000};
};

// Reads the OIDC_* variables; throws common::config::ConfigError on an incomplete or unsafe set.
Settings load_settings();

}  // namespace gateway::oidc
