// Which address a request to the web server comes from: the socket's peer, or — only when that
// peer is a trusted proxy (TRUSTED_PROXIES, e.g. the edge; none by default) — the right-most
// X-Forwarded-For entry that is not itself a trusted proxy. What a client writes in the header
// is never taken as its address on its own.
import net from "node:net";

/** Canonical text of an IP address (IPv4-mapped IPv6 as IPv4), or null. */
export function canonicalIp(text) {
  const value = String(text ?? "").trim();
  if (net.isIPv4(value)) return value;
  if (!net.isIPv6(value)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  return mapped ? mapped[1] : value.toLowerCase();
}

/** A matcher for "127.0.0.1, 10.0.0.0/8, ::1"; throws on an entry that is not an address. */
export function trustedProxies(list) {
  const blocks = new net.BlockList();
  let count = 0;
  for (const raw of String(list ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, bits] = entry.split("/");
    const ip = canonicalIp(address);
    if (!ip) throw new Error(`TRUSTED_PROXIES: not an IP address or CIDR range: ${entry}`);
    const type = net.isIPv4(ip) ? "ipv4" : "ipv6";
    const prefix = bits === undefined ? (type === "ipv4" ? 32 : 128) : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (type === "ipv4" ? 32 : 128)) {
      throw new Error(`TRUSTED_PROXIES: bad prefix length in ${entry}`);
    }
    blocks.addSubnet(ip, prefix, type);
    count++;
  }
  return (ip) => count > 0 && ip !== null && blocks.check(ip, net.isIPv4(ip) ? "ipv4" : "ipv6");
}

/** The client's address for a request whose socket peer is `peer`. */
export function clientAddress(peer, forwardedFor, isTrusted) {
  let client = canonicalIp(peer) ?? String(peer ?? "");
  if (!isTrusted(client)) return client;
  const hops = String(forwardedFor ?? "")
    .split(",")
    .slice(-32)
    .reverse();
  for (const hop of hops) {
    const ip = canonicalIp(hop);
    if (!ip) break; // garbage: the last trusted hop is all we know
    client = ip;
    if (!isTrusted(ip)) break;
  }
  return client;
}
