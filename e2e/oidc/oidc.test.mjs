// e2e/oidc/oidc.test.mjs — OpenID Connect sign-in against a real provider (oidc-provider,
// started by scripts/test: e2e/oidc/provider.mjs) and the real stack. Every refusal is checked
// twice: the gateway's answer and the sign_in_events row with its reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  auditRow,
  authorize,
  callback,
  gatewayUrl,
  rotate,
  signIn,
  sql,
  start,
  tamper,
} from "./flow.mjs";

// Waits past the gateway's minimum interval between two JWKS fetches (OIDC_JWKS_MIN_REFRESH_S).
const refreshGap = () =>
  new Promise((r) => setTimeout(r, 1100 * Number(process.env.OIDC_JWKS_MIN_REFRESH_S ?? 1)));

function assertRefused(result, status, reason) {
  assert.equal(result.status, status, JSON.stringify(result.body));
  assert.equal(result.body.error.code, "sign_in_refused");
  assert.equal(result.body.error.reason, reason);
  const row = auditRow(result.requestId);
  assert.ok(row, `no sign_in_events row for ${result.requestId}`);
  assert.equal(row.method, "oidc");
  assert.equal(row.outcome, "refused");
  assert.equal(row.reason, reason);
  return row;
}

test("the gateway reports the provider and its logout endpoint", async () => {
  const res = await fetch(`${gatewayUrl}/api/auth/config`);
  const body = await res.json();
  assert.equal(res.status, 200);
  assert.equal(body.oidc.enabled, true);
  assert.ok(body.oidc.provider_name);
  assert.match(body.oidc.logout_url, /\/session\/end\?client_id=/);
});

test("happy path: a mapped group signs in, gets our token and works with every check", async () => {
  const result = await signIn("alice");
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.body.user.role, "admin");
  assert.equal(result.body.user.is_all_stores, true);
  assert.equal(result.body.user.username, "alice.at.corp.example");
  // The authorization request carried PKCE S256, state and nonce.
  const url = new URL(result.started.authorization_url);
  assert.equal(url.searchParams.get("code_challenge_method"), "S256");
  assert.ok(url.searchParams.get("nonce").length >= 43);
  const row = auditRow(result.requestId);
  assert.equal(row.outcome, "signed_in");
  assert.equal(row.subject, "alice");
  // Our own token works like a password login's.
  const me = await fetch(`${gatewayUrl}/api/me`, {
    headers: { authorization: `Bearer ${result.body.access_token}` },
  });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).role, "admin");
  // A provider user has no password: a password login as that user is refused.
  const pw = await fetch(`${gatewayUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "alice.at.corp.example", password: "anything" }),
  });
  assert.equal(pw.status, 401);
});

test("email domain and a custom claim map to their roles and stores", async () => {
  const fiona = await signIn("fiona");
  assert.equal(fiona.status, 200, JSON.stringify(fiona.body));
  assert.equal(fiona.body.user.role, "finance");
  assert.deepEqual(fiona.body.user.store_ids, [1]);
  const carl = await signIn("carl");
  assert.equal(carl.status, 200, JSON.stringify(carl.body));
  assert.equal(carl.body.user.role, "marketing");
  assert.deepEqual(carl.body.user.store_ids, [1, 2]);
});

test("store access is re-read on each request and a disabled user is refused", async () => {
  const mark = await signIn("mark");
  assert.equal(mark.status, 200, JSON.stringify(mark.body));
  const token = mark.body.access_token;
  sql(
    "DELETE FROM app_user_store_access WHERE user_id = (SELECT user_id FROM app_users WHERE oidc_subject = 'mark')",
  );
  await new Promise((r) => setTimeout(r, 1200)); // the gateway's user cache (1 s)
  const me = await (
    await fetch(`${gatewayUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
  assert.deepEqual(me.store_ids, []);
  const dora = await signIn("dora");
  assert.equal(dora.status, 200, JSON.stringify(dora.body));
  sql("UPDATE app_users SET disabled = true WHERE oidc_subject = 'dora'");
  await new Promise((r) => setTimeout(r, 1200));
  const refused = await fetch(`${gatewayUrl}/api/me`, {
    headers: { authorization: `Bearer ${dora.body.access_token}` },
  });
  assert.equal(refused.status, 401);
  assertRefused(await signIn("dora"), 403, "user_disabled");
  sql("UPDATE app_users SET disabled = false WHERE oidc_subject = 'dora'");
});

test("unmapped group: refused, never a default role", async () => {
  const row = assertRefused(await signIn("eve"), 403, "unmapped");
  assert.equal(row.subject, "eve");
  assert.deepEqual(row.details.groups, ["contractors"]);
  assert.equal(sql("SELECT count(*) FROM app_users WHERE oidc_subject = 'eve'"), "0");
});

test("wrong state: a state the gateway never issued is refused", async () => {
  const started = await start();
  const back = await authorize(started.authorization_url, "alice");
  assertRefused(await callback({ state: "x".repeat(43), code: back.code }), 401, "bad_state");
});

test("replayed code: the same callback twice is refused the second time", async () => {
  const first = await signIn("alice");
  assert.equal(first.status, 200);
  assertRefused(
    await callback({ state: first.back.state, code: first.back.code }),
    401,
    "replayed_code",
  );
});

test("replayed code under a fresh state: the provider refuses it, and so do we", async () => {
  const first = await signIn("alice");
  assert.equal(first.status, 200);
  const second = await start();
  assertRefused(
    await callback({ state: second.state, code: first.back.code }),
    401,
    "replayed_code",
  );
});

test("wrong nonce: an ID token for another nonce is refused", async () => {
  const result = await signIn("alice", {
    mutateUrl: (u) =>
      u.replace(/nonce=[^&]+/, "nonce=someone-elses-nonce-0123456789abcdef0123456789"),
  });
  assertRefused(result, 401, "bad_nonce");
});

test("expired ID token (signed by the provider's key) is refused", async () => {
  await tamper("expired");
  assertRefused(await signIn("alice"), 401, "expired");
});

test("wrong audience is refused", async () => {
  await tamper("wrong_audience");
  assertRefused(await signIn("alice"), 401, "wrong_audience");
});

test("alg none is refused", async () => {
  await tamper("alg_none");
  assertRefused(await signIn("alice"), 401, "alg_not_allowed");
});

test("HS256 with the provider's public key as the secret is refused", async () => {
  await tamper("hs256_public_key");
  assertRefused(await signIn("alice"), 401, "alg_not_allowed");
});

test("a token signed by an unknown key is refused after one refetch of the keys", async () => {
  await refreshGap();
  await tamper("unknown_key");
  assertRefused(await signIn("alice"), 401, "unknown_key");
});

test("key rotation: the provider rotates its signing key and the next sign-in works", async () => {
  await refreshGap();
  const rsa = await rotate("RS256");
  const first = await signIn("alice");
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(auditRow(first.requestId).details.kid, rsa.kid);
  await refreshGap();
  const ec = await rotate("ES256");
  const second = await signIn("mark");
  assert.equal(second.status, 200, JSON.stringify(second.body));
  const row = auditRow(second.requestId);
  assert.equal(row.details.kid, ec.kid);
  assert.equal(row.details.alg, "ES256");
});

test("malformed callbacks are 422, never 500", async () => {
  const none = await fetch(`${gatewayUrl}/api/auth/oidc/callback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ state: 5 }),
  });
  assert.equal(none.status, 422);
});
