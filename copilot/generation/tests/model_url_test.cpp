// The model endpoint's "does the key stay on this machine?" check, on the host libcurl's URL API
// returns: userinfo, fragments, look-alike names and odd spellings cannot pass for loopback.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "common/config/env.hpp"
#include "copilot/generation/model_config.hpp"

namespace copilot::generation {
namespace {

TEST(ModelUrl, LoopbackSpellingsAreLoopback) {
  for (const char* url :
       {"http://127.0.0.1:11434/v1", "http://127.10.20.30/v1", "HTTP://LOCALHOST:11434/v1",
        "http://localhost./v1", "http://[::1]:8001/v1", "http://[0:0:0:0:0:0:0:1]/v1",
        "http://127.1/v1", "http://2130706433/v1", "http://u:p@[::1]:1/v1"}) {
    EXPECT_TRUE(is_loopback_url(url)) << url;
  }
}

TEST(ModelUrl, TrickyUrlsToOtherHostsAreNotLoopback) {
  for (const char* url :
       {"http://127.0.0.1@evil.example/v1", "http://127.0.0.1:80@evil.example:80/v1",
        "http://localhost@evil.example/v1", "http://[::1]@evil.example/v1",
        "http://127.0.0.1%2f@evil.example/v1", "http://127.0.0.1\\@evil.example/v1",
        "http://evil.example#@127.0.0.1/v1", "http://evil.example?@127.0.0.1/v1",
        "http://127.0.0.1.evil.example/v1", "http://localhost.evil.example/v1",
        "http://localhost../v1", "http://128.0.0.1/v1", "http://[::ffff:127.0.0.1]/v1",
        "http://10.0.0.5:8000/v1", "ftp://127.0.0.1/v1", "127.0.0.1:8000/v1", "", "http://"}) {
    EXPECT_FALSE(is_loopback_url(url)) << url;
  }
}

TEST(ModelUrl, ParseReturnsTheHostLibcurlConnectsTo) {
  const auto parts = parse_http_url("HTTP://User:Pw@Example.COM:8443/v1?x=1#y");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->scheme, "http");
  EXPECT_EQ(parts->host, "Example.COM");
  EXPECT_FALSE(parse_http_url("file:///etc/passwd"));
  EXPECT_FALSE(parse_http_url(std::string("http://127.0.0.1\0@evil.example/", 31)));
}

// The configuration refuses a key over plain http to a host that only looks like loopback.
TEST(ModelUrl, KeyOverPlainHttpToALookAlikeHostStopsTheService) {
  for (const char* url : {"http://127.0.0.1@evil.example/v1", "http://127.0.0.1.evil.example/v1",
                          "http://localhost.evil.example/v1"}) {
    setenv("LLM_MODEL", "m", 1);     // NOLINT(concurrency-mt-unsafe): single-threaded test
    setenv("LLM_API_KEY", "sk", 1);  // NOLINT(concurrency-mt-unsafe)
    setenv("LLM_BASE_URL", url, 1);  // NOLINT(concurrency-mt-unsafe)
    EXPECT_THROW(load_model_config(), common::config::ConfigError) << url;
  }
  setenv("LLM_BASE_URL", "http://[::1]:11434/v1", 1);  // NOLINT(concurrency-mt-unsafe)
  EXPECT_NO_THROW(load_model_config());
  for (const char* name : {"LLM_MODEL", "LLM_API_KEY", "LLM_BASE_URL"}) {
    unsetenv(name);  // NOLINT(concurrency-mt-unsafe)
  }
}

}  // namespace
}  // namespace copilot::generation
