#include "gateway/limits/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace gateway::limits {
namespace {

constexpr size_t kMaxHops = 32;  // entries of X-Forwarded-For looked at, from the right

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// 16 bytes (IPv4 mapped into IPv6) and whether it was IPv4.
std::optional<std::pair<std::array<uint8_t, 16>, bool>> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  std::array<uint8_t, 16> out{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = 0xff;
    out[11] = 0xff;
    const auto* bytes = reinterpret_cast<const uint8_t*>(&v4.s_addr);
    std::copy(bytes, bytes + 4, out.begin() + 12);
    return std::pair{out, true};
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::copy(v6.s6_addr, v6.s6_addr + 16, out.begin());
    const bool mapped =
        std::all_of(out.begin(), out.begin() + 10, [](uint8_t b) { return b == 0; }) &&
        out[10] == 0xff && out[11] == 0xff;
    return std::pair{out, mapped};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> canonical_ip(std::string_view text) {
  const auto ip = parse_ip(trim(text));
  if (!ip) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN] = {};
  if (ip->second) {
    in_addr v4{};
    std::copy(ip->first.begin() + 12, ip->first.end(), reinterpret_cast<uint8_t*>(&v4.s_addr));
    inet_ntop(AF_INET, &v4, buffer, sizeof buffer);
  } else {
    in6_addr v6{};
    std::copy(ip->first.begin(), ip->first.end(), v6.s6_addr);
    inet_ntop(AF_INET6, &v6, buffer, sizeof buffer);
  }
  return std::string(buffer);
}

TrustedProxies TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) continue;
    const size_t slash = entry.find('/');
    const auto ip = parse_ip(entry.substr(0, slash));
    if (!ip) throw std::invalid_argument("not an IP address or CIDR range: " + std::string(entry));
    Net net;
    net.address = ip->first;
    net.prefix = 128;
    if (slash != std::string_view::npos) {
      const std::string_view bits = entry.substr(slash + 1);
      int prefix = -1;
      const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
      const int max = ip->second ? 32 : 128;
      if (ec != std::errc() || end != bits.data() + bits.size() || prefix < 0 || prefix > max) {
        throw std::invalid_argument("bad prefix length in " + std::string(entry));
      }
      net.prefix = ip->second ? prefix + 96 : prefix;
    }
    out.nets_.push_back(net);
  }
  return out;
}

bool TrustedProxies::contains(std::string_view ip) const {
  const auto parsed = parse_ip(trim(ip));
  if (!parsed) return false;
  for (const auto& net : nets_) {
    int bits = net.prefix;
    bool match = true;
    for (size_t i = 0; i < 16 && bits > 0 && match; ++i, bits -= 8) {
      const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
      match = (parsed->first[i] & mask) == (net.address[i] & mask);
    }
    if (match) return true;
  }
  return false;
}

bool is_loopback(std::string_view ip) {
  static const TrustedProxies kLoopback = TrustedProxies::parse("127.0.0.0/8, ::1");
  return kLoopback.contains(ip);
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const TrustedProxies& trusted) {
  std::string client = canonical_ip(peer).value_or(std::string(peer));
  if (trusted.empty() || !trusted.contains(client)) return client;
  for (size_t hops = 0; hops < kMaxHops && !forwarded_for.empty(); ++hops) {
    const size_t comma = forwarded_for.rfind(',');
    const std::string_view entry =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    const auto ip = canonical_ip(entry);
    if (!ip) break;  // garbage: the last trusted hop is all we know
    client = *ip;
    if (!trusted.contains(client)) break;
  }
  return client;
}

}  // namespace gateway::limits
