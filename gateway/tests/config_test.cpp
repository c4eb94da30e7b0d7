// The gateway refuses to start with a JWT secret an attacker could guess.
#include <gtest/gtest.h>

#include "gateway/server/config.hpp"

namespace gateway {
namespace {

TEST(JwtSecret, RefusesEmptyShortAndKnownDefaults) {
  EXPECT_FALSE(check_jwt_secret("").empty());
  EXPECT_FALSE(check_jwt_secret("secret").empty());
  EXPECT_FALSE(check_jwt_secret("changeme").empty());
  EXPECT_FALSE(check_jwt_secret("CHANGEME").empty());
  EXPECT_FALSE(check_jwt_secret("secretsecretsecretsecretsecretsecret").empty());
  EXPECT_FALSE(check_jwt_secret("a-random-but-short-secret").empty());
  EXPECT_FALSE(check_jwt_secret(std::string(64, 'a')).empty());
  EXPECT_FALSE(check_jwt_secret("abababababababababababababababababab").empty());
}

TEST(JwtSecret, AcceptsAGeneratedSecret) {
  EXPECT_EQ(check_jwt_secret("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            "");
}

}  // namespace
}  // namespace gateway
