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
#include "gateway/tests/tokens.hpp"

namespace {

const std::string kSecret = "fuzzing-secret-0123456789abcdef-0123456789";
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

std::string signed_token(std::string_view payload) {
  return gateway::testing::sign_hs256_raw(R"({"alg":"HS256","typ":"JWT"})", payload, kSecret);
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
