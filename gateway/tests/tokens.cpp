#include "gateway/tests/tokens.hpp"

#include <jwt.h>
#include <sodium.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "gateway/auth/jwt.hpp"

namespace gateway::testing {

std::string base64url(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string base64url_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return {};
  }
  out.resize(length);
  return out;
}

std::string sign_hs256_raw(std::string_view header_json, std::string_view payload,
                           std::string_view key) {
  const std::string input = base64url(header_json) + "." + base64url(payload);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()),
                                input.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return input + "." +
         base64url(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

std::string sign_hs256(const nlohmann::json& header, const nlohmann::json& payload,
                       std::string_view key) {
  return sign_hs256_raw(header.dump(), payload.dump(), key);
}

std::string sign_with_libjwt(const nlohmann::json& payload, std::string_view key, int bits) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new");
  const std::unique_ptr<jwt_t, void (*)(jwt_t*)> jwt(raw, jwt_free);
  const jwt_alg_t alg = bits == 384 ? JWT_ALG_HS384 : bits == 512 ? JWT_ALG_HS512 : JWT_ALG_HS256;
  jwt_add_grants_json(jwt.get(), payload.dump().c_str());
  jwt_set_alg(jwt.get(), alg, reinterpret_cast<const unsigned char*>(key.data()),
              static_cast<int>(key.size()));
  char* encoded = jwt_encode_str(jwt.get());
  std::string out = encoded == nullptr ? "" : encoded;
  free(encoded);  // NOLINT(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
  return out;
}

std::string unsigned_token(const nlohmann::json& payload) {
  return base64url(nlohmann::json{{"alg", "none"}, {"typ", "JWT"}}.dump()) + "." +
         base64url(payload.dump()) + ".";
}

nlohmann::json claims_for(long long user_id, const std::string& username, const std::string& role,
                          const std::vector<int>& stores, bool all_stores, long long now,
                          long long ttl_s) {
  return {{"sub", username},
          {"user_id", user_id},
          {"role", role},
          {"store_ids", stores},
          {"is_all_stores", all_stores},
          {"org_id", 1},  // the demo company's users
          {"iss", auth::kIssuer},
          {"iat", now},
          {"nbf", now},
          {"exp", now + ttl_s}};
}

std::string with_payload(const std::string& token, const nlohmann::json& payload) {
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  return token.substr(0, first) + "." + base64url(payload.dump()) + token.substr(second);
}

}  // namespace gateway::testing
