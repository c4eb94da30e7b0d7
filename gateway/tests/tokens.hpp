// gateway/tests/tokens.hpp — forging tokens the way an attacker would (tests only).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gateway::testing {

std::string base64url(std::string_view bytes);
std::string base64url_decode(std::string_view text);
// header.payload signed with HMAC-SHA256 under key, whatever the header and payload bytes are.
std::string sign_hs256_raw(std::string_view header_json, std::string_view payload,
                           std::string_view key);
// header.payload signed with HMAC-SHA256 under key, whatever the header says.
std::string sign_hs256(const nlohmann::json& header, const nlohmann::json& payload,
                       std::string_view key);
// A token signed by libjwt with another HMAC algorithm (HS384 / HS512).
std::string sign_with_libjwt(const nlohmann::json& payload, std::string_view key, int bits);
// header.payload. with no signature.
std::string unsigned_token(const nlohmann::json& payload);
// Claims for a user the way the gateway issues them, valid from `now` for `ttl_s`.
nlohmann::json claims_for(long long user_id, const std::string& username, const std::string& role,
                          const std::vector<int>& stores, bool all_stores, long long now,
                          long long ttl_s = 3600);
// The same token with its payload replaced and the original signature kept.
std::string with_payload(const std::string& token, const nlohmann::json& payload);

}  // namespace gateway::testing
