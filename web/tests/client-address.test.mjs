// The web server's client address: X-Forwarded-For only through trusted proxies.
import assert from "node:assert/strict";
import { test } from "node:test";
import { clientAddress, trustedProxies } from "../server/client-address.mjs";

test("with no trusted proxy the socket's peer is the client, whatever the header says", () => {
  const none = trustedProxies("");
  assert.equal(clientAddress("127.0.0.1", "203.0.113.7", none), "127.0.0.1");
  assert.equal(clientAddress("::ffff:10.1.2.3", "1.2.3.4", none), "10.1.2.3");
});

test("through a trusted proxy the right-most untrusted hop is the client", () => {
  const edge = trustedProxies("127.0.0.1, 10.0.0.0/8");
  assert.equal(clientAddress("127.0.0.1", "203.0.113.7", edge), "203.0.113.7");
  // A client that prepends its own choice does not get it.
  assert.equal(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.9", edge), "203.0.113.7");
  // Garbage stops the walk at the last trusted hop.
  assert.equal(clientAddress("127.0.0.1", "203.0.113.7, not-an-ip", edge), "127.0.0.1");
  assert.equal(clientAddress("127.0.0.1", "", edge), "127.0.0.1");
});

test("bad TRUSTED_PROXIES entries are refused", () => {
  assert.throws(() => trustedProxies("localhost"));
  assert.throws(() => trustedProxies("10.0.0.0/33"));
});
