// gateway/limits/client_address.hpp — which address a request comes from, for the per-client
// limits and the audit trail. X-Forwarded-For is believed only from a peer in TRUSTED_PROXIES
// (addresses or CIDR ranges, IPv4 or IPv6; none by default), and only as far as the chain stays
// within trusted proxies: the right-most address that is not a trusted proxy is the client. An
// entry that is not an IP address ends the walk at the last trusted hop, so a client cannot
// choose the address its limits are counted under.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gateway::limits {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // "127.0.0.1, 10.0.0.0/8, ::1"; throws std::invalid_argument naming the first bad entry.
  static TrustedProxies parse(std::string_view list);
  [[nodiscard]] bool contains(std::string_view ip) const;
  [[nodiscard]] bool empty() const { return nets_.empty(); }

 private:
  struct Net {
    std::array<uint8_t, 16> address{};  // IPv4 as IPv4-mapped IPv6
    int prefix = 128;
  };
  std::vector<Net> nets_;
};

// The canonical text of an IP address (IPv4-mapped IPv6 as plain IPv4); nullopt otherwise.
std::optional<std::string> canonical_ip(std::string_view text);

// True for 127.0.0.0/8 and ::1.
bool is_loopback(std::string_view ip);

// The client's address: the peer, or what trusted proxies in front of it reported.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const TrustedProxies& trusted);

}  // namespace gateway::limits
