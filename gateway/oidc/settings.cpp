#include "gateway/oidc/settings.hpp"

#include "common/config/env.hpp"

namespace gateway::oidc {

using common::config::ConfigError;
using common::config::env;
using common::config::env_int;
using common::config::env_or;

namespace {

bool is_http_url(const std::string& url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

}  // namespace

Settings load_settings() {
  Settings s;
  const auto issuer = env("OIDC_ISSUER");
  if (!issuer) return s;
  s.enabled = true;
  s.issuer = *issuer;
  if (!is_http_url(s.issuer)) throw ConfigError("OIDC_ISSUER must be an http(s) URL");
  s.client_id = env("OIDC_CLIENT_ID").value_or("");
  s.client_secret = env("OIDC_CLIENT_SECRET").value_or("");
  if (s.client_id.empty()) throw ConfigError("OIDC_ISSUER is set but OIDC_CLIENT_ID is not");
  if (s.client_secret.empty()) {
    throw ConfigError("OIDC_ISSUER is set but OIDC_CLIENT_SECRET is not");
  }
  std::string web = env_or("WEB_PUBLIC_URL", "http://127.0.0.1:3001");
  while (!web.empty() && web.back() == '/') web.pop_back();
  s.redirect_uri = env_or("OIDC_REDIRECT_URI", web + "/auth/callback");
  s.post_logout_redirect_uri = env_or("OIDC_POST_LOGOUT_REDIRECT_URI", web + "/login");
  if (!is_http_url(s.redirect_uri)) throw ConfigError("OIDC_REDIRECT_URI must be an http(s) URL");
  s.provider_name = env_or("OIDC_PROVIDER_NAME", s.provider_name);
  s.scopes = env_or("OIDC_SCOPES", s.scopes);
  if (s.scopes.find("openid") == std::string::npos) {
    throw ConfigError("OIDC_SCOPES must include openid");
  }
  s.state_ttl = std::chrono::seconds(env_int("OIDC_STATE_TTL_S", 600, 30, 3600));
  s.jwks_min_refresh = std::chrono::seconds(env_int("OIDC_JWKS_MIN_REFRESH_S", 10, 1, 3600));
  s.http_timeout = std::chrono::milliseconds(env_int("OIDC_HTTP_TIMEOUT_MS", 5000, 100, 60000));
  return s;
}

}  // namespace gateway::oidc
