// Which address a request comes from: X-Forwarded-For only through trusted proxies.
#include <gtest/gtest.h>

#include "gateway/limits/client_address.hpp"
#include "gateway/limits/in_flight.hpp"

namespace gateway::limits {
namespace {

TEST(ClientAddress, WithNoTrustedProxyThePeerIsTheClientWhateverTheHeaderSays) {
  const TrustedProxies none;
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", none), "127.0.0.1");
  EXPECT_EQ(client_address("::ffff:10.1.2.3", "", none), "10.1.2.3");
}

TEST(ClientAddress, ThroughTrustedProxiesTheRightMostUntrustedHopIsTheClient) {
  const auto trusted = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8, ::1");
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", trusted), "203.0.113.7");
  EXPECT_EQ(client_address("::1", " 6.6.6.6 , 203.0.113.7, 10.9.9.9", trusted), "203.0.113.7");
  EXPECT_EQ(client_address("127.0.0.1", "2001:DB8::1", trusted), "2001:db8::1");
  // An untrusted peer's header is ignored.
  EXPECT_EQ(client_address("192.0.2.1", "203.0.113.7", trusted), "192.0.2.1");
  // Garbage stops the walk at the last trusted hop.
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7, evil", trusted), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "", trusted), "127.0.0.1");
  // All hops trusted: the left-most one.
  EXPECT_EQ(client_address("127.0.0.1", "10.0.0.2,10.0.0.3", trusted), "10.0.0.2");
}

TEST(ClientAddress, CidrRangesMatchByPrefix) {
  const auto trusted = TrustedProxies::parse("192.168.0.0/16,2001:db8::/32");
  EXPECT_TRUE(trusted.contains("192.168.44.1"));
  EXPECT_FALSE(trusted.contains("192.169.0.1"));
  EXPECT_TRUE(trusted.contains("::ffff:192.168.1.1"));
  EXPECT_TRUE(trusted.contains("2001:db8:ffff::1"));
  EXPECT_FALSE(trusted.contains("2001:db9::1"));
  EXPECT_FALSE(trusted.contains("not-an-ip"));
  EXPECT_TRUE(is_loopback("127.4.5.6"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_FALSE(is_loopback("10.0.0.1"));
}

TEST(ClientAddress, BadTrustedProxiesAreRefused) {
  EXPECT_THROW(TrustedProxies::parse("localhost"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies::parse("10.0.0.0/33"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies::parse("::1/129"), std::invalid_argument);
  EXPECT_THROW(TrustedProxies::parse("10.0.0.0/x"), std::invalid_argument);
  EXPECT_TRUE(TrustedProxies::parse(" , ").empty());
}

TEST(InFlight, ASlotIsHeldUntilItsLastOwnerLetsGo) {
  InFlight in_flight(2);
  auto a = in_flight.acquire("u1");
  auto b = in_flight.acquire("u1");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(in_flight.acquire("u1"), nullptr);
  EXPECT_NE(in_flight.acquire("u2"), nullptr);
  auto copy = a;
  a.reset();
  EXPECT_EQ(in_flight.acquire("u1"), nullptr);
  copy.reset();
  EXPECT_NE(in_flight.acquire("u1"), nullptr);
  EXPECT_EQ(in_flight.running("u1"), 1U);
}

}  // namespace
}  // namespace gateway::limits
