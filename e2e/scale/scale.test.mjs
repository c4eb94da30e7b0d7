// e2e/scale/scale.test.mjs — `scripts/test scale` (issue 18): two gateways and two copilots behind
// the public edge (scripts/start with GATEWAYS=2 COPILOTS=2, LIMITS_STORE=postgres), as
// `make scale` runs them. Checks, over real loopback HTTP:
//   - a login lockout and an ask limit reached through one gateway hold on the other;
//   - two users of different scope asking the same question through the balancer, spread over
//     both gateways and both copilots (each with its own result cache), each always get their own
//     answer, never the other's;
//   - a copilot killed with SIGKILL under asks: the edge routes around it, no ask fails twice,
//     and asks keep answering.
// Settings: EDGE_URL, GATEWAY_URLS (the two gateways' own loopback URLs, space-separated),
// RUN_DIR (pid files), COPILOT_DB_NAME, GATEWAY_LOGIN_PER_USER. The gateways' ask limit must be
// large and slow to refill (scripts/test: 20000 a day), the login limit small.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const edge = process.env.EDGE_URL;
const gateways = (process.env.GATEWAY_URLS ?? "").split(" ").filter(Boolean);
const runDir = process.env.RUN_DIR;
const database = process.env.COPILOT_DB_NAME ?? "copilot";
const loginLimit = Number(process.env.GATEWAY_LOGIN_PER_USER);
const question = "What was total revenue last month?";

function psql(sql) {
  return execFileSync(
    "runuser",
    [
      "-u",
      "postgres",
      "--",
      "psql",
      "-X",
      "-qAt",
      "-v",
      "ON_ERROR_STOP=1",
      "-d",
      database,
      "-c",
      sql,
    ],
    { encoding: "utf8" },
  ).trim();
}

async function post(base, path, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const res = await fetch(base + path, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30000),
    });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // a non-JSON body stays null: the status says what happened
    }
    return { status: res.status, json, text };
  } catch (e) {
    return { status: 0, json: null, text: String(e) };
  }
}

async function login(base, username, password) {
  const r = await post(base, "/api/auth/login", { username, password });
  assert.equal(r.status, 200, `login of ${username}: ${r.text}`);
  return r.json;
}

// The seed users' ask buckets start full (a missing row is a full bucket), whatever an earlier run
// left in the shared table.
test.before(() => {
  psql(
    `DELETE FROM rate_limit_buckets WHERE bucket IN (SELECT 'ask_user:' || user_id FROM app_users
     WHERE username IN ('admin_user', 'manager_store1', 'finance_user'))`,
  );
});

test("the stack is two gateways and two copilots", () => {
  assert.equal(gateways.length, 2, "GATEWAY_URLS lists two gateways");
  for (const name of ["gateway", "gateway-2", "copilot", "copilot-2", "edge"]) {
    const pid = Number(fs.readFileSync(`${runDir}/${name}.pid`, "utf8"));
    assert.doesNotThrow(() => process.kill(pid, 0), `${name} runs`);
  }
});

test("a login lockout reached through one gateway holds on the other", async () => {
  // An unknown name: the username's budget is taken before the user is looked up.
  const username = `scale_probe_${Date.now()}`;
  for (let i = 0; i < loginLimit; i++) {
    const r = await post(gateways[0], "/api/auth/login", { username, password: "wrong" });
    assert.equal(r.status, 401, r.text);
  }
  const r = await post(gateways[1], "/api/auth/login", { username, password: "wrong" });
  assert.equal(r.status, 429, r.text);
  assert.equal(r.json.error.code, "rate_limited");
  assert.ok(r.json.error.request_id);
});

test("one user's asks count once across both gateways", async () => {
  const { access_token: token, user } = await login(edge, "finance_user", "finance123");
  // Three asks left in this user's bucket (the limit is large and refills slowly, so the other
  // checks' many asks pass): three answers through either gateway, then 429 on both.
  const left = 3;
  psql(
    `INSERT INTO rate_limit_buckets (bucket, tokens, updated_at, full_at, granted)
     VALUES ('ask_user:${user.user_id}', ${left}, now(), now() + interval '1 day', true)
     ON CONFLICT (bucket) DO UPDATE SET tokens = ${left}, updated_at = now(),
       full_at = now() + interval '1 day'`,
  );
  let answered = 0;
  for (let i = 0; i < left; i++) {
    const r = await post(gateways[i % 2], "/api/ask", { question }, token);
    assert.equal(r.status, 200, r.text);
    answered++;
  }
  for (const g of gateways) {
    const r = await post(g, "/api/ask", { question }, token);
    assert.equal(r.status, 429, `ask ${answered + 1} on ${g}: ${r.text}`);
  }
});

test("answers cached on either instance never cross to a user of another scope", async () => {
  const admin = (await login(edge, "admin_user", "admin123")).access_token;
  const manager = (await login(edge, "manager_store1", "manager123")).access_token;
  const seen = { admin: new Set(), manager: new Set() };
  // Round robin at the edge: consecutive asks land on alternate gateways and copilots.
  for (let i = 0; i < 6; i++) {
    for (const [who, token] of [
      ["admin", admin],
      ["manager", manager],
    ]) {
      const r = await post(edge, "/api/ask", { question }, token);
      assert.equal(r.status, 200, r.text);
      seen[who].add(JSON.stringify(r.json.rows));
    }
  }
  assert.equal(seen.admin.size, 1, "the admin's answer is the same on every instance");
  assert.equal(seen.manager.size, 1, "the manager's answer is the same on every instance");
  assert.notDeepEqual([...seen.admin], [...seen.manager], "all stores vs store 1 differ");
});

test("a copilot killed under asks: routed around, no ask fails twice", async () => {
  const token = (await login(edge, "admin_user", "admin123")).access_token;
  const victim = Number(fs.readFileSync(`${runDir}/copilot-2.pid`, "utf8"));
  const started = Date.now();
  const stats = { asks: 0, failed: 0, failedTwice: 0, limited: 0, statuses: {} };
  const count = (status) => (stats.statuses[status] = (stats.statuses[status] ?? 0) + 1);
  // Six loops of one user run over its asks-in-flight limit now and then: a 429 is the gateway's
  // limiter answering before any copilot was asked, not a failure the kill caused — it is counted
  // apart and the ask is sent again after a short wait.
  const ask = async () => {
    for (;;) {
      const r = await post(edge, "/api/ask", { question }, token);
      stats.asks++;
      count(r.status);
      if (r.status !== 429 || Date.now() - started > 20000) return r;
      stats.limited++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const loop = async () => {
    while (Date.now() - started < 6000) {
      const r = await ask();
      if (r.status === 200) continue;
      stats.failed++;
      const again = await ask();
      if (again.status !== 200) stats.failedTwice++;
    }
  };
  const killer = new Promise((resolve) =>
    setTimeout(() => {
      process.kill(victim, "SIGKILL");
      resolve();
    }, 2000),
  );
  await Promise.all([killer, ...Array.from({ length: 6 }, loop)]);
  console.log(`kill -9 copilot-2 under asks: ${JSON.stringify(stats)}`);
  assert.equal(stats.failedTwice, 0, JSON.stringify(stats));
  assert.ok(stats.asks > 20, JSON.stringify(stats));
  for (let i = 0; i < 4; i++) {
    const r = await post(edge, "/api/ask", { question }, token);
    assert.equal(r.status, 200, `after the kill: ${r.text}`);
  }
});
