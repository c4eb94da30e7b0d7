// libFuzzer target: the POST /api/auth/login body (gateway/auth/login_request.cpp). Any bytes
// either are refused with a 4xx common::Error, or give a username and password within the
// documented limits (no control character can reach the database or a limiter key).
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/error/error.hpp"
#include "gateway/auth/login_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return 0;
  try {
    const auto login = gateway::auth::validate_login(parsed);
    if (!gateway::auth::is_valid_username(login.username)) std::abort();
    for (const char c : login.username) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
    }
    if (login.password.empty() || login.password.size() > gateway::auth::kMaxPasswordBytes) {
      std::abort();
    }
  } catch (const common::Error& e) {
    if (e.http_status() < 400 || e.http_status() >= 500) std::abort();
  }
  return 0;
}
