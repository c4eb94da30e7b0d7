// The login body: usernames checked before anything uses them.
#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "gateway/auth/login_request.hpp"

namespace gateway::auth {
namespace {

using nlohmann::json;

TEST(LoginRequest, PrintableNamesUpTo64BytesAreAccepted) {
  EXPECT_TRUE(is_valid_username("manager_store1"));
  EXPECT_TRUE(is_valid_username("Zoë Müller"));
  EXPECT_TRUE(is_valid_username(std::string(64, 'a')));
  const auto login = validate_login({{"username", "finance_user"}, {"password", "finance123"}});
  EXPECT_EQ(login.username, "finance_user");
  EXPECT_EQ(login.password, "finance123");
}

TEST(LoginRequest, ControlCharactersLongNamesAndBadUtf8AreRefused) {
  for (const std::string& name :
       {std::string("manager_store1\0x", 16), std::string("a\nb"), std::string("a\x7f"),
        std::string("\xC2\x80"), std::string("\xC3"), std::string(65, 'a'), std::string()}) {
    EXPECT_FALSE(is_valid_username(name)) << name.size() << " bytes";
    try {
      validate_login({{"username", name}, {"password", "x"}});
      ADD_FAILURE() << "accepted";
    } catch (const common::Error& e) {
      EXPECT_EQ(e.http_status(), 422);
      EXPECT_EQ(e.extra().value("field", ""), "username");
    }
  }
}

TEST(LoginRequest, MissingOrMistypedFieldsAre422) {
  for (const json& body : {json::object(), json{{"username", 1}, {"password", "x"}},
                           json{{"username", "a"}}, json{{"username", "a"}, {"password", ""}},
                           json{{"username", "a"}, {"password", std::string(257, 'p')}}}) {
    EXPECT_THROW(validate_login(body), common::Error) << body.dump();
  }
}

}  // namespace
}  // namespace gateway::auth
