#include "gateway/oidc/provider_client.hpp"

#include <nlohmann/json.hpp>

#include "common/log/log.hpp"

namespace gateway::oidc {
namespace {

using nlohmann::json;

constexpr std::chrono::seconds kDiscoveryRetry{3};

std::string member(const json& doc, const char* name) {
  const auto it = doc.find(name);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_http_url(const std::string& url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

}  // namespace

std::optional<Discovery> parse_discovery(std::string_view document,
                                         std::string_view expected_issuer) {
  const json doc = json::parse(document, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  Discovery d{member(doc, "issuer"), member(doc, "authorization_endpoint"),
              member(doc, "token_endpoint"), member(doc, "jwks_uri"),
              member(doc, "end_session_endpoint")};
  if (d.issuer != expected_issuer || !is_http_url(d.authorization_endpoint) ||
      !is_http_url(d.token_endpoint) || !is_http_url(d.jwks_uri)) {
    return std::nullopt;
  }
  if (!d.end_session_endpoint.empty() && !is_http_url(d.end_session_endpoint)) {
    d.end_session_endpoint.clear();
  }
  return d;
}

ProviderClient::ProviderClient(const Settings& settings, HttpFetcher& http,
                               const common::Clock& clock)
    : settings_(settings), http_(http), clock_(clock) {}

std::optional<Discovery> ProviderClient::discovery() {
  const std::lock_guard lock(mutex_);
  if (discovery_) return discovery_;
  const auto now = clock_.steady_now();
  if (discovery_failed_at_ && now - *discovery_failed_at_ < kDiscoveryRetry) return std::nullopt;
  std::string base = settings_.issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const HttpResponse res = http_.get(base + "/.well-known/openid-configuration");
  if (res.status == 200) discovery_ = parse_discovery(res.body, settings_.issuer);
  if (!discovery_) {
    discovery_failed_at_ = now;
    common::log::warn("oidc_discovery_failed",
                      {{"issuer", settings_.issuer}, {"status", res.status}, {"error", res.error}});
  }
  return discovery_;
}

std::vector<Jwk> ProviderClient::keys_for(const std::string& kid) {
  const auto endpoints = discovery();
  if (!endpoints) return {};
  const std::lock_guard lock(mutex_);
  const auto now = clock_.steady_now();
  const bool known = keys_fetched_at_ && find_key(keys_, kid) != nullptr;
  const bool may_fetch = !keys_fetched_at_ || now - *keys_fetched_at_ >= settings_.jwks_min_refresh;
  if (!known && may_fetch) {
    const HttpResponse res = http_.get(endpoints->jwks_uri);
    keys_fetched_at_ = now;
    if (res.status == 200) {
      auto fresh = parse_jwks(res.body);
      // An empty or broken answer does not throw away keys that worked.
      if (!fresh.empty()) keys_ = std::move(fresh);
    }
    common::log::info("oidc_jwks_fetched",
                      {{"status", res.status}, {"keys", keys_.size()}, {"wanted_kid", kid}});
  }
  return keys_;
}

TokenResult ProviderClient::exchange(const Discovery& endpoints, const std::string& code,
                                     const std::string& code_verifier,
                                     const std::string& redirect_uri) {
  const HttpResponse res = http_.post_form(endpoints.token_endpoint,
                                           {{"grant_type", "authorization_code"},
                                            {"code", code},
                                            {"redirect_uri", redirect_uri},
                                            {"code_verifier", code_verifier}},
                                           settings_.client_id, settings_.client_secret);
  TokenResult out;
  if (res.status == 0) {
    out.error = "unreachable";
    return out;
  }
  const json body = json::parse(res.body, nullptr, /*allow_exceptions=*/false);
  if (res.status != 200) {
    out.error = body.is_object() ? member(body, "error") : std::string();
    if (out.error.empty()) out.error = "http_" + std::to_string(res.status);
    return out;
  }
  if (!body.is_object()) {
    out.error = "malformed_response";
    return out;
  }
  out.id_token = member(body, "id_token");
  if (out.id_token.empty()) out.error = "no_id_token";
  return out;
}

}  // namespace gateway::oidc
