#!/usr/bin/env node
// bench/soak.mjs — the load driver of bench/soak.sh (issue 18, part 5): a constant arrival rate
// (open loop: a slow answer never delays the next send, so queueing shows up as latency instead
// of quietly lowering the rate) of a mix over the five seed users, against one or more gateways.
// Prints a row per minute, then a summary; writes the whole report as JSON; exits 1 when a check
// fails. Every request's gateway request id (X-Request-Id) is kept to find its audit rows.
// Settings (environment):
//   SOAK_TARGETS   JSON [{"label":"cache_on","url":"http://127.0.0.1:3000"}, ...] (required)
//   SOAK_PIDS      "name=pid name=pid ...": processes whose RSS is checked (required, ≥ 1)
//   DURATION_S (600)  RATE (50, requests/s over all targets)  WARMUP_S (60)
//   RSS_MAX_GROWTH (0.10)  MAX_IN_FLIGHT (2000)  TIMEOUT_MS (35000)  SEED (1)
//   WARMUP_BURST (96 per target): asks sent at once before the schedule starts (see below)
//   COPILOT_DB_NAME (copilot): where the audit rows are counted (psql as postgres, peer auth)
//   REPORT: a file for the JSON report   QUESTIONS (eval/questions.jsonl)
//   SOAK_PASSWORD_<USER> (e.g. SOAK_PASSWORD_ADMIN_USER): a seed user's password if not the seed's
import http from "node:http";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const num = (name, dflt) => {
  const v =
    env[name] === undefined || env[name] === "" ? dflt : Number(env[name]);
  if (!Number.isFinite(v) || v < 0)
    fail(`${name} must be a number ≥ 0, got ${env[name]}`);
  return v;
};
function fail(message) {
  console.error(`soak: ${message}`);
  process.exit(2);
}

const DURATION_S = num("DURATION_S", 600);
const RATE = num("RATE", 50);
const WARMUP_S = num("WARMUP_S", 60);
const RSS_MAX_GROWTH = num("RSS_MAX_GROWTH", 0.1);
const WARMUP_BURST = num("WARMUP_BURST", 96);
const MAX_IN_FLIGHT = num("MAX_IN_FLIGHT", 2000);
// Longer than the gateway's own wait for the copilot (COPILOT_TIMEOUT_MS, 30 s): a server-side
// timeout then arrives as the gateway's 504, not as a client timeout without a request id.
const TIMEOUT_MS = num("TIMEOUT_MS", 35000);
const DB = env.COPILOT_DB_NAME || "copilot";
if (RATE <= 0 || DURATION_S <= 0) fail("RATE and DURATION_S must be > 0");
if (WARMUP_S >= DURATION_S)
  fail(`WARMUP_S (${WARMUP_S}) must be shorter than DURATION_S`);

let targets;
try {
  targets = JSON.parse(env.SOAK_TARGETS || "");
} catch {
  fail("SOAK_TARGETS must be JSON: [{label, url}, ...]");
}
if (!Array.isArray(targets) || !targets.length)
  fail("SOAK_TARGETS lists no gateway");
const pids = (env.SOAK_PIDS || "")
  .split(/\s+/)
  .filter(Boolean)
  .map((pair) => {
    const [name, pid] = pair.split("=");
    if (!name || !/^\d+$/.test(pid ?? ""))
      fail(`SOAK_PIDS: "${pair}" is not name=pid`);
    return { name, pid: Number(pid) };
  });
if (!pids.length) fail("SOAK_PIDS names no process: the RSS check needs them");

// A small seeded PRNG (mulberry32): two runs with one SEED send the same mix in the same order.
let seed = num("SEED", 1) >>> 0 || 1;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];

// The seed users (DESIGN.md), and the questions the eval asks as each of them: the realistic mix
// of answers, refusals and clarifications. Follow-ups are left out: they need their first turn.
const SEED_PASSWORDS = {
  admin_user: "admin123",
  manager_store1: "manager123",
  manager_multi: "manager123",
  marketing_user: "marketing123",
  finance_user: "finance123",
};
const USERS = Object.keys(SEED_PASSWORDS);
const password = (u) =>
  env[`SOAK_PASSWORD_${u.toUpperCase()}`] || SEED_PASSWORDS[u];
// Users with one store: asking for store 2 is a store outside their scope (403 scope_denied).
const ONE_STORE = ["manager_store1", "finance_user"];
const questions = Object.fromEntries(USERS.map((u) => [u, []]));
for (const line of readFileSync(
  env.QUESTIONS || join(HERE, "../eval/questions.jsonl"),
  "utf8",
)
  .split("\n")
  .filter((l) => l.trim())) {
  const q = JSON.parse(line);
  if (q.follow_up_of || !questions[q.user]) continue;
  questions[q.user].push(q.question);
}
for (const u of USERS)
  if (!questions[u].length) fail(`no questions for ${u} in the question set`);

// The mix, per request (fractions of RATE). Logins are few: each costs an argon2id verification
// (~65 ms of a core). Wrong passwords are a quarter of them, spread over five users: about
// 50 × 0.02 × 0.25 / 5 × 60 = 3 a minute per user at 50/s, under the lockout (10 failures per
// user a minute), so no seed user is locked out and every wrong password must answer 401.
const MIX = [
  ["login_bad", 0.005],
  ["login_ok", 0.015],
  ["scope_denied", 0.03],
  ["ask_sse", 0.3],
  ["ask_json", 0.65],
];

const agent = new http.Agent({
  keepAlive: true,
  maxSockets: 512,
  timeout: 4000,
});
const tokens = {};

// One HTTP exchange: status, the gateway's request id, the body (SSE: its final event).
function exchange(target, path, { body, headers = {}, sse = false }) {
  return new Promise((resolve) => {
    const url = new URL(path, target.url);
    const started = performance.now();
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": data.length,
          Accept: sse ? "text/event-stream" : "application/json",
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode,
            requestId: res.headers["x-request-id"] || null,
            contentType: res.headers["content-type"] || "",
            text: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - started,
          }),
        );
        res.on("error", (e) =>
          resolve({
            status: 0,
            error: e.code || e.message,
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error("timeout")));
    req.on("error", (e) =>
      resolve({
        status: 0,
        error: e.code || e.message,
        ms: performance.now() - started,
      }),
    );
    req.end(data);
  });
}

// The last event of a stream: `result` (its status) or `error` (its code).
function finalEvent(text) {
  let last = null;
  for (const block of text.split(/\n\n/)) {
    const name = /^event: (.+)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (name === "result" || name === "error") last = { name, data };
  }
  if (!last) return { outcome: "no_final_event" };
  try {
    const d = JSON.parse(last.data);
    return last.name === "result"
      ? { outcome: d.status || "ok" }
      : { outcome: `error:${d.error?.code}`, code: d.error?.code };
  } catch {
    return { outcome: "bad_final_event" };
  }
}
// Codes a stream may end with that are the caller's or the policy's doing (the JSON answer
// would be a 4xx); any other error code on a stream is a server failure and counts as a 5xx.
const CLIENT_CODES = new Set([
  "policy_denied",
  "scope_denied",
  "guardrail_rejected",
  "rate_limited",
  "conflict",
  "request_timeout",
  "payload_too_large",
  "unsupported_media_type",
]);
const streamStatus = (ev) => {
  if (ev.outcome === "pending_approval") return 202;
  if (!ev.code)
    return ev.outcome.startsWith("no_") || ev.outcome.startsWith("bad_")
      ? 599
      : 200;
  if (!CLIENT_CODES.has(ev.code)) return 599;
  return ev.code === "rate_limited"
    ? 429
    : ev.code === "guardrail_rejected"
      ? 422
      : 403;
};

async function login(target, user, pw) {
  loginsInFlight++;
  try {
    return await exchange(target, "/api/auth/login", {
      body: { username: user, password: pw },
    });
  } finally {
    loginsInFlight--;
  }
}

// --- state -------------------------------------------------------------------------------
const startWall = new Date();
// Reset after the warm-up burst (below): the arrival schedule starts when the burst is over.
let t0 = performance.now();
const minutes = [];
// Answers that finish after the last send are counted in the last minute (no stub row).
const LAST_MINUTE = Math.ceil(DURATION_S / 60) - 1;
const minuteOf = (ms) => Math.min(LAST_MINUTE, Math.floor(ms / 60000));
const bucket = (m) =>
  (minutes[m] ??= {
    minute: m + 1,
    sent: 0,
    done: 0,
    status: {},
    lat: [],
    kinds: {},
  });
const ids = { asks: [], logins: [] };
const totals = {
  sent: 0,
  done: 0,
  status: {},
  lat: [],
  kinds: {},
  errors: {},
  overload: 0,
};
const outcomes = {}; // kind → outcome → count
let inFlight = 0;
// A login holds a 64 MiB argon2id buffer for ~65 ms, freed after: the gateway's RSS is read when
// no login of ours is in flight, so a sample measures what stays, not a verification's buffer.
let loginsInFlight = 0;
const rss = Object.fromEntries(pids.map((p) => [p.name, {}]));

function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    )?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
// The minute rows show the latest reading taken with no login in flight (one a second).
let lastRss = {};
const rssTimer = setInterval(() => {
  if (loginsInFlight === 0)
    lastRss = Object.fromEntries(pids.map((p) => [p.name, rssMb(p.pid)]));
}, 1000);
async function sampleRss() {
  for (let i = 0; i < 150 && loginsInFlight > 0; i++)
    await new Promise((r) => setTimeout(r, 20));
  return Object.fromEntries(pids.map((p) => [p.name, rssMb(p.pid)]));
}
const loadavg = () =>
  readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
const pct = (sorted, p) =>
  sorted.length
    ? sorted[
        Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
      ]
    : NaN;

function record(kind, r, status, outcome) {
  const now = performance.now() - t0;
  const b = bucket(minuteOf(now));
  inFlight--;
  for (const agg of [b, totals]) {
    agg.done++;
    agg.status[status] = (agg.status[status] ?? 0) + 1;
    agg.lat.push(r.ms);
    agg.kinds[kind] = (agg.kinds[kind] ?? 0) + 1;
  }
  if (r.error) totals.errors[r.error] = (totals.errors[r.error] ?? 0) + 1;
  (outcomes[kind] ??= {})[outcome] = (outcomes[kind][outcome] ?? 0) + 1;
  if (r.requestId)
    (kind.startsWith("login") ? ids.logins : ids.asks).push(r.requestId);
  else if (status !== 0) totals.noRequestId = (totals.noRequestId ?? 0) + 1;
}

async function send(n) {
  const kind = (() => {
    let x = random();
    for (const [k, share] of MIX) if ((x -= share) < 0) return k;
    return "ask_json";
  })();
  const target = targets[n % targets.length];
  const user = kind === "scope_denied" ? pick(ONE_STORE) : pick(USERS);
  const b = bucket(minuteOf(performance.now() - t0));
  b.sent++;
  totals.sent++;
  inFlight++;
  if (kind === "login_ok" || kind === "login_bad") {
    const r = await login(
      target,
      user,
      kind === "login_ok" ? password(user) : "soak-wrong-password",
    );
    if (kind === "login_ok" && r.status === 200)
      tokens[user] = JSON.parse(r.text).access_token;
    record(kind, r, r.status, String(r.status || r.error));
    return;
  }
  const sse = kind === "ask_sse";
  const body = { question: pick(questions[user]) };
  if (kind === "scope_denied") {
    body.question = "Revenue by store";
    body.store_id = 2;
  }
  const r = await exchange(target, "/api/ask", {
    body,
    sse,
    headers: {
      Authorization: `Bearer ${tokens[user]}`,
      "X-Request-Id": `soak-${target.label}-${n}`,
    },
  });
  let status = r.status;
  let outcome = String(r.status || r.error);
  if (
    sse &&
    r.status === 200 &&
    r.contentType.startsWith("text/event-stream")
  ) {
    const ev = finalEvent(r.text);
    status = streamStatus(ev);
    outcome = `sse ${ev.outcome}`;
  } else if (r.status === 200) {
    try {
      outcome = JSON.parse(r.text).status || "200";
    } catch {
      outcome = "bad_json";
      status = 599;
    }
  } else if (r.status >= 400 && r.status < 500) {
    try {
      outcome = `${r.status} ${JSON.parse(r.text).error?.code}`;
    } catch {
      /* the status alone */
    }
  }
  record(kind, r, status, outcome);
}

// --- per-minute report ---------------------------------------------------------------------
const classOf = (s) =>
  s === 0
    ? "err"
    : s >= 500
      ? "5xx"
      : s === 429
        ? "429"
        : `${Math.floor(s / 100)}xx`;
const classes = (status) => {
  const out = { "2xx": 0, "4xx": 0, 429: 0, "5xx": 0, err: 0 };
  for (const [s, c] of Object.entries(status)) out[classOf(Number(s))] += c;
  return out;
};
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : "-");
const rssCols = pids.map((p) => `${p.name} MB`);
console.log(
  `| min | sent | done | 2xx | 4xx | 429 | 5xx | err | p50 ms | p99 ms | max ms | in flight | ${rssCols.join(" | ")} | load 1m |`,
);
console.log(`|${"---|".repeat(12 + rssCols.length)}`);
function closeMinute(m) {
  const b = bucket(m);
  const lat = b.lat.sort((x, y) => x - y);
  const c = classes(b.status);
  b.p50_ms = pct(lat, 50);
  b.p99_ms = pct(lat, 99);
  b.max_ms = lat.at(-1) ?? NaN;
  b.in_flight = inFlight;
  b.rss_mb = { ...lastRss };
  b.loadavg = loadavg();
  b.classes = c;
  console.log(
    `| ${b.minute} | ${b.sent} | ${b.done} | ${c["2xx"]} | ${c["4xx"]} | ${c[429]} | ${c["5xx"]} | ${c.err} | ` +
      `${fmt(b.p50_ms)} | ${fmt(b.p99_ms)} | ${fmt(b.max_ms)} | ${inFlight} | ` +
      `${pids.map((p) => fmt(b.rss_mb[p.name])).join(" | ")} | ${b.loadavg[0].toFixed(2)} |`,
  );
  delete b.lat;
}

// --- run -------------------------------------------------------------------------------------
// Sign every user in first (not counted: the soak's own logins are in the mix).
for (const u of USERS) {
  const r = await login(targets[0], u, password(u));
  if (r.status !== 200)
    fail(`login of ${u} at ${targets[0].url} answered ${r.status || r.error}`);
  tokens[u] = JSON.parse(r.text).access_token;
}

// Before the schedule: WARMUP_BURST asks per target at once, so that every worker thread of every
// process has served an ask before the RSS baseline. A thread keeps the stack pages its deepest
// request touched (~40 KB); the gateway has 64 of them, 2.5 MB or 12% of its RSS, and at a steady
// 50/s a thread may be handed its first ask minutes into the run — a one-off that would land
// inside the measured window. The burst is sent, checked and audited like the rest (minute 1).
const total = Math.round(DURATION_S * RATE);
if (WARMUP_BURST > 0) {
  const burst = [];
  for (let i = 0; i < WARMUP_BURST * targets.length; i++)
    burst.push(send(total + i));
  await Promise.all(burst);
  totals.burst = burst.length;
  t0 = performance.now();
}
const pending = new Set();
let closed = 0;
let warmSampled = false;
for (let n = 0; n < total; n++) {
  const due = (n / RATE) * 1000;
  let now = performance.now() - t0;
  while (closed < Math.floor(now / 60000) && closed < LAST_MINUTE)
    closeMinute(closed++);
  if (!warmSampled && now >= WARMUP_S * 1000) {
    warmSampled = true;
    // Not awaited: the sends go on meanwhile (the arrival rate is the point).
    void sampleRss().then((mb) => {
      for (const p of pids) rss[p.name].after_warmup_mb = mb[p.name];
    });
  }
  if (due > now) await new Promise((r) => setTimeout(r, due - now));
  now = performance.now() - t0;
  if (inFlight >= MAX_IN_FLIGHT) {
    // The server cannot keep up: counted (and failed), not queued without bound here.
    totals.overload++;
    continue;
  }
  const p = send(n).finally(() => pending.delete(p));
  pending.add(p);
}
// The end sample is taken under load, as the warm-up one was (not after the last answer).
const endMb = await sampleRss();
for (const p of pids) rss[p.name].end_mb = endMb[p.name];
await Promise.all(pending);
const lateness = performance.now() - t0 - DURATION_S * 1000;
while (closed <= LAST_MINUTE) closeMinute(closed++);
agent.destroy();
clearInterval(rssTimer);

// --- audit: every request's rows, by the gateway's request id ------------------------------
function psql(sql) {
  const r = spawnSync(
    "runuser",
    [
      "-u",
      "postgres",
      "--",
      "psql",
      "-X",
      "-At",
      "-q",
      "-v",
      "ON_ERROR_STOP=1",
      "-d",
      DB,
    ],
    {
      input: sql,
      encoding: "utf8",
      maxBuffer: 64 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`psql: ${r.stderr || r.error}`);
  return r.stdout.trim();
}
const arr = (list) =>
  `ARRAY[${list.map((id) => `'${id.replace(/'/g, "")}'`).join(",")}]::text[]`;
function auditCounts() {
  const asks = ids.asks.length ? arr(ids.asks) : "ARRAY[]::text[]";
  const logins = ids.logins.length ? arr(ids.logins) : "ARRAY[]::text[]";
  // A request the copilot saw twice (the gateway retried a call that had reached it) leaves its
  // first attempt under a new id, with an `audit`/`rekeyed` event naming the original.
  const [logs, withEvents, signIns, rekeyed] = psql(
    `WITH a AS (SELECT unnest(${asks}) AS id), l AS (SELECT unnest(${logins}) AS id)
     SELECT (SELECT count(*) FROM query_audit_logs q JOIN a ON q.request_id = a.id),
            (SELECT count(*) FROM a WHERE EXISTS (SELECT 1 FROM query_audit_events e WHERE e.request_id = a.id)),
            (SELECT count(*) FROM sign_in_events s JOIN l ON s.request_id = l.id),
            (SELECT count(*) FROM query_audit_events e JOIN a ON e.details->>'original_request_id' = a.id
              WHERE e.stage = 'audit' AND e.status = 'rekeyed');`,
  )
    .split("|")
    .map(Number);
  return { logs, withEvents, signIns, rekeyed };
}
// The audit writers are asynchronous: wait until the counts stop moving (at most 60 s).
let audit;
try {
  let last = "";
  for (let i = 0; i < 120; i++) {
    audit = auditCounts();
    const key = JSON.stringify(audit);
    if (audit.logs === ids.asks.length && audit.withEvents === ids.asks.length)
      break;
    if (key === last && i >= 6) break;
    last = key;
    await new Promise((r) => setTimeout(r, 500));
  }
} catch (e) {
  audit = { error: String(e.message) };
}

// --- summary and checks ---------------------------------------------------------------------
const lat = totals.lat.sort((x, y) => x - y);
const c = classes(totals.status);
const checks = [];
const check = (name, ok, detail) =>
  checks.push({ name, ok: Boolean(ok), detail });
check(
  "no 5xx (streams ending in a server error count as 5xx)",
  c["5xx"] === 0,
  `${c["5xx"]} × 5xx`,
);
check(
  "no transport errors or timeouts",
  c.err === 0,
  JSON.stringify(totals.errors),
);
check(
  "the arrival rate was kept (no send dropped for MAX_IN_FLIGHT)",
  totals.overload === 0,
  `${totals.overload} dropped`,
);
check(
  "no 429: the rate limits are not what is measured",
  c[429] === 0,
  `${c[429]} × 429`,
);
check(
  "every response carried X-Request-Id",
  !totals.noRequestId,
  `${totals.noRequestId ?? 0} without`,
);
check(
  "every wrong password answered 401 (no lockout), every right one 200",
  Object.keys(outcomes.login_bad ?? {}).every((k) => k === "401") &&
    Object.keys(outcomes.login_ok ?? {}).every((k) => k === "200"),
  JSON.stringify({
    login_bad: outcomes.login_bad,
    login_ok: outcomes.login_ok,
  }),
);
check(
  "a store outside scope answered 403 scope_denied",
  Object.keys(outcomes.scope_denied ?? {}).every(
    (k) => k === "403 scope_denied",
  ),
  JSON.stringify(outcomes.scope_denied),
);
if (audit.error) check("audit rows = requests", false, audit.error);
else {
  check(
    "audit rows = requests (asks: one query_audit_logs row and its events each)",
    audit.logs === ids.asks.length && audit.withEvents === ids.asks.length,
    `${audit.logs} log rows, ${audit.withEvents} with events, for ${ids.asks.length} asks`,
  );
  check(
    "audit rows = requests (no ask audited twice: none ran twice in the copilot)",
    audit.rekeyed === 0,
    `${audit.rekeyed} asks with a second, rekeyed audit row`,
  );
  check(
    "audit rows = requests (logins: one sign_in_events row each)",
    audit.signIns === ids.logins.length,
    `${audit.signIns} sign_in_events for ${ids.logins.length} logins`,
  );
}
for (const p of pids) {
  const r = rss[p.name];
  r.growth = (r.end_mb - r.after_warmup_mb) / r.after_warmup_mb;
  check(
    `RSS growth of ${p.name} < ${(RSS_MAX_GROWTH * 100).toFixed(0)}% (after ${WARMUP_S} s warm-up → end)`,
    Number.isFinite(r.growth) && r.growth < RSS_MAX_GROWTH,
    `${fmt(r.after_warmup_mb)} → ${fmt(r.end_mb)} MB (${fmt(r.growth * 100)}%)`,
  );
}

const report = {
  started_at: startWall.toISOString(),
  settings: {
    duration_s: DURATION_S,
    rate: RATE,
    warmup_s: WARMUP_S,
    warmup_burst: WARMUP_BURST,
    rss_max_growth: RSS_MAX_GROWTH,
    targets,
    mix: Object.fromEntries(MIX),
  },
  achieved_rate: (totals.sent - (totals.burst || 0)) / DURATION_S,
  finished_late_ms: Math.max(0, lateness),
  totals: {
    sent: totals.sent,
    done: totals.done,
    by_status: totals.status,
    by_class: c,
    by_kind: totals.kinds,
    p50_ms: pct(lat, 50),
    p99_ms: pct(lat, 99),
    max_ms: lat.at(-1),
    errors: totals.errors,
    dropped_for_in_flight: totals.overload,
  },
  outcomes,
  audit: { ...audit, asks: ids.asks.length, logins: ids.logins.length },
  rss_mb: rss,
  loadavg_end: loadavg(),
  minutes,
  checks,
  pass: checks.every((x) => x.ok),
};
if (env.REPORT)
  writeFileSync(env.REPORT, JSON.stringify(report, null, 2) + "\n");

console.log(
  `\nsummary: ${totals.sent} requests (${totals.burst || 0} of them the warm-up burst) in ${DURATION_S} s (${report.achieved_rate.toFixed(1)}/s scheduled), ` +
    `p50 ${fmt(report.totals.p50_ms)} ms, p99 ${fmt(report.totals.p99_ms)} ms, max ${fmt(report.totals.max_ms)} ms; ` +
    `by status ${JSON.stringify(totals.status)}; load average at the end ${report.loadavg_end.join(" ")}`,
);
console.log(`by kind: ${JSON.stringify(outcomes)}`);
for (const x of checks)
  console.log(`${x.ok ? "PASS" : "FAIL"} ${x.name}: ${x.detail}`);
console.log(report.pass ? "soak: PASS" : "soak: FAIL");
process.exit(report.pass ? 0 : 1);
