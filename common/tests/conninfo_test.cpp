// The database URL as logs show it: the password is masked in every form libpq accepts.
#include <gtest/gtest.h>

#include <string>

#include "common/db/conninfo.hpp"

namespace {

using common::db::redact_url;

void expect_hidden(const std::string& conninfo, const std::string& secret) {
  const std::string shown = redact_url(conninfo);
  EXPECT_EQ(shown.find(secret), std::string::npos) << conninfo << " → " << shown;
}

TEST(Conninfo, UriUserinfoPasswordIsMasked) {
  const auto shown = redact_url("postgresql://copilot_app:s3cr3t@127.0.0.1:5432/copilot");
  EXPECT_EQ(shown, "user=copilot_app password=*** dbname=copilot host=127.0.0.1 port=5432");
}

TEST(Conninfo, UriQueryPasswordIsMasked) {
  const auto shown = redact_url("postgres://u@db.example/app?password=s3cr3t&sslmode=require");
  EXPECT_NE(shown.find("password=***"), std::string::npos) << shown;
  EXPECT_NE(shown.find("sslmode=require"), std::string::npos) << shown;
  expect_hidden("postgres://u@db.example/app?password=s3cr3t&sslmode=require", "s3cr3t");
}

TEST(Conninfo, KeywordPasswordIsMasked) {
  EXPECT_EQ(redact_url("host=127.0.0.1 user=app password=s3cr3t dbname=copilot"),
            "user=app password=*** dbname=copilot host=127.0.0.1");
  expect_hidden("host=h password='s3 cr3t' dbname=d", "cr3t");
  expect_hidden("host=h password = s3cr3t", "s3cr3t");
}

TEST(Conninfo, PercentEncodedAndSslPasswordsAreMasked) {
  expect_hidden("postgresql://u:s%33cr3t@h/db", "cr3t");
  expect_hidden("postgresql://u@h/db?sslpassword=k3yp4ss", "k3yp4ss");
  expect_hidden("postgresql://u:a%40b@h/db?password=second", "second");
}

TEST(Conninfo, WithoutAPasswordNothingIsMasked) {
  EXPECT_EQ(redact_url("postgresql://app@/copilot?host=/var/run/postgresql"),
            "user=app dbname=copilot host=/var/run/postgresql");
}

TEST(Conninfo, UnparsableStringsAreNeverEchoed) {
  for (const std::string bad : {"host='unterminated password=s3cr3t", "password=s3cr3t bogus=1",
                                "postgresql://u:s3cr3t@[::1/db", "not a conninfo s3cr3t"}) {
    EXPECT_EQ(redact_url(bad), "<unparsable connection string>") << bad;
  }
}

TEST(Conninfo, ValuesWithSpacesAreQuoted) {
  EXPECT_EQ(redact_url("host=h application_name='my app'"), "host=h application_name='my app'");
}

}  // namespace

namespace {

using common::db::is_valid_conninfo;
using common::db::with_connect_timeout;

TEST(Conninfo, ConnectTimeoutIsAddedToAUri) {
  EXPECT_EQ(with_connect_timeout("postgresql://u:pw@127.0.0.1:5433/copilot", 2),
            "user=u password=pw dbname=copilot host=127.0.0.1 port=5433 connect_timeout=2");
}

TEST(Conninfo, ConnectTimeoutTheStringSetsIsKept) {
  const std::string url = "postgresql://u@127.0.0.1/copilot?connect_timeout=7";
  EXPECT_EQ(with_connect_timeout(url, 2), url);
  EXPECT_EQ(with_connect_timeout("host=h connect_timeout=9", 2), "host=h connect_timeout=9");
}

TEST(Conninfo, ConnectTimeoutKeepsQuotedValues) {
  EXPECT_EQ(with_connect_timeout("host=h password='a b'", 2),
            "password='a b' host=h connect_timeout=2");  // libpq's order
}

TEST(Conninfo, MalformedStringsAreInvalid) {
  EXPECT_TRUE(is_valid_conninfo("postgresql://u:pw@127.0.0.1:5433/copilot"));
  EXPECT_TRUE(is_valid_conninfo("host=127.0.0.1 dbname=copilot"));
  EXPECT_FALSE(is_valid_conninfo("postgresql://u@127.0.0.1:5433/copilot?nosuchoption=1"));
  EXPECT_FALSE(is_valid_conninfo("host=127.0.0.1 dbname"));
  EXPECT_EQ(with_connect_timeout("host=127.0.0.1 dbname", 2), "host=127.0.0.1 dbname");
}

}  // namespace
