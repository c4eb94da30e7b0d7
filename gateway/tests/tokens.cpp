#include "gateway/tests/tokens.hpp"

#include <jwt.h>
#include <sodium.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "gateway/auth/jwt.hpp"

namespace gateway::testing {

std::string base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::string base64url_decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '-') v = 62;
    if (c == '_') v = 63;
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::string sign_hs256(const nlohmann::json& header, const nlohmann::json& payload,
                       std::string_view key) {
  const std::string input = base64url(header.dump()) + "." + base64url(payload.dump());
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()),
                                input.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  return input + "." +
         base64url(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
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
