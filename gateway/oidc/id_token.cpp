#include "gateway/oidc/id_token.hpp"

#include <jwt.h>

#include <memory>
#include <string>

namespace gateway::oidc {
namespace {

using nlohmann::json;

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct Parts {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
};

std::optional<Parts> split(std::string_view token) {
  const size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return Parts{token.substr(0, first), token.substr(first + 1, second - first - 1),
               token.substr(second + 1)};
}

std::optional<json> decode_object(std::string_view part) {
  const auto text = base64url_decode(part);
  if (!text) return std::nullopt;
  json value = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

jwt_alg_t libjwt_alg(std::string_view alg) {
  if (alg == "RS256") return JWT_ALG_RS256;
  if (alg == "ES256") return JWT_ALG_ES256;
  return JWT_ALG_INVAL;
}

IdTokenResult refused(IdTokenResult result, std::string reason) {
  result.reason = std::move(reason);
  result.claims = nullptr;
  return result;
}

// A NumericDate claim as whole seconds; nullopt when missing or not a number.
std::optional<long long> seconds_claim(const json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_number_float()) {
    const double value = it->get<double>();
    if (value > -1e15 && value < 1e15) return static_cast<long long>(value);
  }
  return std::nullopt;
}

bool audience_holds(const json& aud, const std::string& client_id) {
  if (aud.is_string()) return aud.get_ref<const std::string&>() == client_id;
  if (!aud.is_array() || aud.empty()) return false;
  for (const auto& item : aud) {
    if (item.is_string() && item.get_ref<const std::string&>() == client_id) return true;
  }
  return false;
}

}  // namespace

IdTokenResult read_header(std::string_view token) {
  IdTokenResult out;
  if (token.size() > kMaxIdTokenLength) return refused(out, "malformed");
  const auto parts = split(token);
  if (!parts) return refused(out, "malformed");
  const auto header = decode_object(parts->header);
  if (!header) return refused(out, "malformed");
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) return refused(out, "malformed");
  out.alg = alg->get<std::string>().substr(0, 32);
  if (const auto kid = header->find("kid"); kid != header->end()) {
    if (!kid->is_string()) return refused(out, "malformed");
    out.kid = kid->get<std::string>().substr(0, 256);
  }
  // A header that asks for anything beyond a plain JWS (embedded keys, key URLs, critical
  // extensions) is not followed: refused rather than ignored.
  for (const char* name : {"jku", "jwk", "x5u", "x5c", "crit"}) {
    if (header->contains(name)) return refused(out, "alg_not_allowed");
  }
  return out;
}

IdTokenResult verify_id_token(std::string_view token, const std::vector<Jwk>& keys,
                              const Expected& expected, std::chrono::system_clock::time_point now) {
  IdTokenResult out = read_header(token);
  if (!out.ok()) return out;
  // Only asymmetric algorithms, whatever the key set holds.
  if (out.alg != "RS256" && out.alg != "ES256") return refused(out, "alg_not_allowed");
  const Jwk* key = find_key(keys, out.kid);
  if (key == nullptr) return refused(out, "unknown_key");
  if (key->alg != out.alg) return refused(out, "alg_not_allowed");  // pinned per key

  jwt_t* raw = nullptr;
  const std::string text(token);
  const int rc =
      jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(key->pem.data()),
                 static_cast<int>(key->pem.size()));
  const JwtPtr jwt(raw);
  if (rc != 0 || !jwt) return refused(out, "bad_signature");
  if (jwt_get_alg(jwt.get()) != libjwt_alg(key->alg)) return refused(out, "alg_not_allowed");

  const auto parts = split(token);
  const auto claims = decode_object(parts->payload);
  if (!claims) return refused(out, "malformed");

  const auto iss = claims->find("iss");
  if (iss == claims->end() || !iss->is_string() ||
      iss->get_ref<const std::string&>() != expected.issuer) {
    return refused(out, "wrong_issuer");
  }
  const auto aud = claims->find("aud");
  if (aud == claims->end() || !audience_holds(*aud, expected.audience)) {
    return refused(out, "wrong_audience");
  }
  if (const auto azp = claims->find("azp"); azp != claims->end()) {
    if (!azp->is_string() || azp->get_ref<const std::string&>() != expected.audience) {
      return refused(out, "wrong_audience");
    }
  } else if (aud->is_array() && aud->size() > 1) {
    return refused(out, "wrong_audience");  // several audiences and no azp naming us
  }

  const long long now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const long long skew = kSkew.count();
  const auto exp = seconds_claim(*claims, "exp");
  const auto iat = seconds_claim(*claims, "iat");
  if (!exp || !iat) return refused(out, "bad_claims");
  if (now_s > *exp + skew) return refused(out, "expired");
  if (const auto nbf = seconds_claim(*claims, "nbf"); nbf && now_s + skew < *nbf) {
    return refused(out, "not_yet_valid");
  }
  if (*iat > now_s + skew) return refused(out, "issued_in_future");

  const auto nonce = claims->find("nonce");
  if (nonce == claims->end() || !nonce->is_string() || expected.nonce.empty() ||
      nonce->get_ref<const std::string&>() != expected.nonce) {
    return refused(out, "bad_nonce");
  }
  const auto sub = claims->find("sub");
  if (sub == claims->end() || !sub->is_string() || sub->get_ref<const std::string&>().empty() ||
      sub->get_ref<const std::string&>().size() > 255) {
    return refused(out, "bad_claims");
  }
  out.claims = *claims;
  return out;
}

}  // namespace gateway::oidc
