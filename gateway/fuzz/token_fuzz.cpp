// libFuzzer target: token parsing and claims validation (gateway/auth/jwt.cpp).
// Even first byte: the rest is a whole token, as from an Authorization header. Odd first byte:
// the rest is a payload signed with the gateway's key, so the claim checks behind the signature
// get fuzzed too. Invariants: a valid token has claims within the limits the gateway relies on.
#include <sodium.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gateway/auth/authenticator.hpp"
#include "gateway/auth/jwt.hpp"

namespace {

const std::string kSecret = "fuzzing-secret-0123456789abcdef-0123456789";
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

std::string b64url(std::string_view bytes) {
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

std::string signed_token(std::string_view payload) {
  const std::string input = b64url(R"({"alg":"HS256","typ":"JWT"})") + "." + b64url(payload);
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(kSecret.data()),
                              kSecret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()),
                                input.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return input + "." + b64url(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = sodium_init() >= 0;
  static const gateway::auth::TokenCodec codec(kSecret, std::chrono::seconds(3600));
  if (!ready || size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string token = (data[0] & 1) != 0 ? signed_token(input) : std::string(input);
  (void)gateway::auth::bearer_token(input);
  const auto v = codec.verify(token, kNow);
  if (v.ok()) {
    if (!v.claims) std::abort();
    const auto& id = v.claims->identity;
    if (id.user_id < 1 || id.username.empty() || id.role.empty()) std::abort();
    for (int store : id.store_ids) {
      if (store < 1) std::abort();
    }
    if (v.claims->expires_at <= 1'800'000'000) std::abort();
  }
  if ((data[0] & 1) == 0 && v.ok() && token.find('.') == std::string::npos) std::abort();
  return 0;
}
