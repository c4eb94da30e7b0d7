#include "gateway/auth/login_request.hpp"

#include "common/error/error.hpp"
#include "common/text/utf8.hpp"

namespace gateway::auth {

bool is_valid_username(std::string_view name) {
  if (name.empty() || name.size() > kMaxUsernameBytes) return false;
  if (!common::text::utf8_length(name)) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7F) return false;
    // C1 controls U+0080..U+009F are encoded C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < name.size()) {
      const auto next = static_cast<unsigned char>(name[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return false;
    }
  }
  return true;
}

LoginRequest validate_login(const nlohmann::json& body) {
  if (!body.is_object()) throw common::Error::bad_request("request body must be a JSON object");
  const auto username = body.find("username");
  if (username == body.end() || !username->is_string() ||
      !is_valid_username(username->get_ref<const std::string&>())) {
    throw common::Error::invalid_field(
        "username", "username must be 1-64 bytes of printable text without control characters");
  }
  const auto password = body.find("password");
  if (password == body.end() || !password->is_string() ||
      password->get_ref<const std::string&>().empty() ||
      password->get_ref<const std::string&>().size() > kMaxPasswordBytes) {
    throw common::Error::invalid_field("password", "password must be a string of 1-256 bytes");
  }
  return {username->get<std::string>(), password->get<std::string>()};
}

}  // namespace gateway::auth
