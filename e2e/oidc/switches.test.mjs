// e2e/oidc/switches.test.mjs — the sign-in switches on a gateway of its own: no OIDC_ISSUER
// (OIDC off, everything as before) and PASSWORD_LOGIN=false (password sign-in refused with 403
// and audited). Starts the release gateway binary on a free loopback port with the stack's
// database settings (scripts/test exports them).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { auditRow } from "./flow.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const binary = process.env.GATEWAY_BINARY ?? `${root}build/release/gateway/gateway`;
const port = Number(process.env.OIDC_SWITCHES_PORT ?? 23450);
const base = `http://127.0.0.1:${port}`;

const env = {
  ...process.env,
  GATEWAY_HOST: "127.0.0.1",
  GATEWAY_PORT: String(port),
  PASSWORD_LOGIN: "false",
};
for (const name of Object.keys(env)) if (name.startsWith("OIDC_")) delete env[name];
const gateway = spawn(binary, [], { env, stdio: ["ignore", "ignore", "pipe"] });
let stderr = "";
gateway.stderr.on("data", (d) => (stderr += d));
after(() => gateway.kill());

async function ready() {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${base}/api/auth/config`);
      if (res.ok) return res.json();
    } catch {
      // not listening yet
    }
    if (gateway.exitCode !== null) throw new Error(`gateway exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gateway did not start: ${stderr}`);
}

test("without OIDC_ISSUER and with PASSWORD_LOGIN=false", async () => {
  const config = await ready();
  assert.deepEqual(config, { password_login: false, oidc: { enabled: false } });

  const start = await fetch(`${base}/api/auth/oidc/start`, { method: "POST" });
  assert.equal(start.status, 404);
  assert.equal((await start.json()).error.code, "oidc_disabled");

  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin_user", password: "admin123" }),
  });
  assert.equal(login.status, 403);
  assert.equal((await login.json()).error.code, "password_login_disabled");
  const row = auditRow(login.headers.get("x-request-id"));
  assert.equal(row.method, "password");
  assert.equal(row.outcome, "refused");
  assert.equal(row.reason, "password_login_disabled");
});
