#include "gateway/auth/jwt.hpp"

#include <jwt.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/ids/ids.hpp"
#include "common/roles/roles.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct MallocDeleter {
  void operator()(char* text) const {
    free(text);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
  }
};
using MallocString = std::unique_ptr<char, MallocDeleter>;

// Strict base64url without padding (libsodium's decoder); nullopt on any other character or
// an impossible length.
std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out(text.size() * 3 / 4 + 1, '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), /*ignore=*/nullptr, &length, /*b64_end=*/nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::optional<json> parse_object(std::string_view text) {
  auto value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

bool is_integer(const json& value) { return value.is_number_integer(); }

// The claims of a verified payload; nullopt when one is missing or has the wrong type.
std::optional<Claims> read_claims(const json& payload) {
  const auto field = [&](const char* name) -> const json* {
    auto it = payload.find(name);
    return it == payload.end() ? nullptr : &*it;
  };
  const json* sub = field("sub");
  const json* user_id = field("user_id");
  const json* role = field("role");
  const json* store_ids = field("store_ids");
  const json* all = field("is_all_stores");
  const json* org = field("org_id");
  const json* iat = field("iat");
  const json* nbf = field("nbf");
  const json* exp = field("exp");
  const json* iss = field("iss");
  if (!sub || !user_id || !role || !store_ids || !all || !org || !iat || !nbf || !exp || !iss) {
    return std::nullopt;
  }
  if (!sub->is_string() || !is_integer(*user_id) || !role->is_string() || !store_ids->is_array() ||
      !all->is_boolean() || !is_integer(*org) || !is_integer(*iat) || !is_integer(*nbf) ||
      !is_integer(*exp) || !iss->is_string() || iss->get<std::string>() != kIssuer) {
    return std::nullopt;
  }
  Claims claims;
  claims.identity.username = sub->get<std::string>();
  claims.identity.user_id = user_id->get<long long>();
  claims.identity.role = role->get<std::string>();
  claims.identity.is_all_stores = all->get<bool>();
  claims.identity.org_id = org->get<long long>();
  if (claims.identity.username.empty() || claims.identity.username.size() > 64 ||
      claims.identity.user_id < 1 || claims.identity.org_id < 1 ||
      !common::parse_role(claims.identity.role)) {
    return std::nullopt;
  }
  if (store_ids->size() > 1000) return std::nullopt;
  for (const auto& store : *store_ids) {
    if (!is_integer(store)) return std::nullopt;
    const auto id = store.get<long long>();
    if (id < 1 || id > 2147483647) return std::nullopt;
    claims.identity.store_ids.push_back(static_cast<int>(id));
  }
  // Tokens issued here carry a jti (the key a logout revokes); one without is still read.
  if (const json* jti = field("jti")) {
    if (!jti->is_string() || jti->get_ref<const std::string&>().empty() ||
        jti->get_ref<const std::string&>().size() > 128) {
      return std::nullopt;
    }
    claims.jti = jti->get<std::string>();
  }
  claims.issued_at = iat->get<long long>();
  claims.not_before = nbf->get<long long>();
  claims.expires_at = exp->get<long long>();
  return claims;
}

}  // namespace

std::string_view status_name(TokenStatus status) {
  switch (status) {
    case TokenStatus::kValid:
      return "valid";
    case TokenStatus::kMalformed:
      return "malformed";
    case TokenStatus::kTooLarge:
      return "too_large";
    case TokenStatus::kAlgorithmRefused:
      return "algorithm_refused";
    case TokenStatus::kBadSignature:
      return "bad_signature";
    case TokenStatus::kExpired:
      return "expired";
    case TokenStatus::kNotYetValid:
      return "not_yet_valid";
    case TokenStatus::kBadClaims:
      return "bad_claims";
  }
  return "malformed";
}

TokenCodec::TokenCodec(std::string secret, std::chrono::seconds ttl)
    : secret_(std::move(secret)), ttl_(ttl) {
  if (secret_.empty()) throw std::invalid_argument("JWT secret must not be empty");
}

std::string TokenCodec::issue(const Identity& identity,
                              std::chrono::system_clock::time_point now) const {
  const long long iat =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const json grants = {{"sub", identity.username},
                       {"user_id", identity.user_id},
                       {"role", identity.role},
                       {"store_ids", identity.store_ids},
                       {"is_all_stores", identity.is_all_stores},
                       {"org_id", identity.org_id},
                       {"iss", kIssuer},
                       {"jti", common::ids::new_uuid()},
                       {"iat", iat},
                       {"nbf", iat},
                       {"exp", iat + ttl_.count()}};
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0 || raw == nullptr) throw std::runtime_error("jwt_new failed");
  const JwtPtr jwt(raw);
  if (jwt_add_grants_json(jwt.get(), grants.dump().c_str()) != 0 ||
      jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret_.data()),
                  static_cast<int>(secret_.size())) != 0) {
    throw std::runtime_error("cannot build token");
  }
  const MallocString encoded(jwt_encode_str(jwt.get()));
  if (!encoded) throw std::runtime_error("jwt_encode_str failed");
  return encoded.get();
}

namespace {

// exp / nbf / iat against now, for claims whose signature verified.
TokenStatus time_status(const Claims& c, std::chrono::system_clock::time_point now) {
  const long long now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (c.expires_at <= c.issued_at || c.not_before < c.issued_at ||
      c.expires_at - c.issued_at > 7LL * 24 * 3600) {
    return TokenStatus::kBadClaims;
  }
  if (now_s >= c.expires_at) return TokenStatus::kExpired;
  if (c.not_before > now_s + kLeewaySeconds || c.issued_at > now_s + kLeewaySeconds) {
    return TokenStatus::kNotYetValid;
  }
  return TokenStatus::kValid;
}

constexpr size_t kMaxVerifiedTokens = 4096;

}  // namespace

Verification TokenCodec::verify(std::string_view token,
                                std::chrono::system_clock::time_point now) const {
  if (token.size() <= kMaxTokenLength) {
    const std::lock_guard lock(verified_->mutex);
    if (const auto it = verified_->claims.find(std::string(token)); it != verified_->claims.end()) {
      Verification out;
      out.claims = it->second;
      out.status = time_status(it->second, now);
      return out;
    }
  }
  Verification out = verify_uncached(token, now);
  // Remember only what a valid signature vouched for, with sane claims.
  if (out.claims && (out.status == TokenStatus::kValid || out.status == TokenStatus::kExpired ||
                     out.status == TokenStatus::kNotYetValid)) {
    const std::lock_guard lock(verified_->mutex);
    if (verified_->claims.size() >= kMaxVerifiedTokens) verified_->claims.clear();
    verified_->claims.emplace(std::string(token), *out.claims);
  }
  return out;
}

Verification TokenCodec::verify_uncached(std::string_view token,
                                         std::chrono::system_clock::time_point now) const {
  Verification out;
  if (token.size() > kMaxTokenLength) {
    out.status = TokenStatus::kTooLarge;
    return out;
  }
  // Our own structural checks first: libjwt must never see a token we would not accept.
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos ||
      token.find('.', second + 1) != std::string_view::npos || first == 0 || second == first + 1 ||
      second + 1 == token.size()) {
    return out;  // kMalformed (also alg none's empty signature)
  }
  const auto header_text = base64url_decode(token.substr(0, first));
  const auto payload_text = base64url_decode(token.substr(first + 1, second - first - 1));
  if (!header_text || !payload_text || !base64url_decode(token.substr(second + 1))) return out;
  const auto header = parse_object(*header_text);
  const auto payload = parse_object(*payload_text);
  if (!header || !payload) return out;
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string() || alg->get<std::string>() != "HS256") {
    out.status = TokenStatus::kAlgorithmRefused;
    return out;
  }
  if (const auto typ = header->find("typ");
      typ != header->end() && (!typ->is_string() || typ->get<std::string>() != "JWT")) {
    return out;
  }

  // libjwt verifies the signature; always with the key (a NULL key would accept alg none),
  // and the algorithm is checked again after it.
  jwt_t* raw = nullptr;
  const std::string token_text(token);
  const int rc =
      jwt_decode(&raw, token_text.c_str(), reinterpret_cast<const unsigned char*>(secret_.data()),
                 static_cast<int>(secret_.size()));
  const JwtPtr jwt(raw);
  if (rc != 0 || !jwt) {
    out.status = TokenStatus::kBadSignature;
    return out;
  }
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) {
    out.status = TokenStatus::kAlgorithmRefused;
    return out;
  }

  out.claims = read_claims(*payload);
  if (!out.claims) {
    out.status = TokenStatus::kBadClaims;
    return out;
  }
  out.status = time_status(*out.claims, now);
  return out;
}

}  // namespace gateway::auth
