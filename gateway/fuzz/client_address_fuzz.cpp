// libFuzzer target: TRUSTED_PROXIES and X-Forwarded-For (gateway/limits/client_address.cpp).
// Input: the trusted list, a newline, the header. Any bytes either are refused as a list
// (std::invalid_argument) or give a client address that is the peer or an IP address.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "gateway/limits/client_address.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view list = input.substr(0, newline);
  const std::string_view header =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  gateway::limits::TrustedProxies trusted;
  try {
    trusted = gateway::limits::TrustedProxies::parse(list);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  for (const char* peer : {"127.0.0.1", "::1", "10.1.2.3"}) {
    const std::string client = gateway::limits::client_address(peer, header, trusted);
    if (client != peer && !gateway::limits::canonical_ip(client)) std::abort();
    if (!trusted.contains(peer) && client != peer) std::abort();
  }
  return 0;
}
