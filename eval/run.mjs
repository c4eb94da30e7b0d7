#!/usr/bin/env node
// Answer-quality evaluation through the public HTTP API (`make eval`).
//
// For each question of questions.jsonl: log in once per seed user (POST /api/auth/login), send
// POST /api/ask {question, conversation_id?} (a follow-up reuses the conversation_id returned to
// the question it follows), and judge the reply:
//   expect "answer"        -> 200, status "ok", result set equal to gold.jsonl (see compare.mjs)
//   expect "refusal"       -> 403 with error.code policy_denied or scope_denied
//                             (or a 200 whose status is "refused")
//   expect "clarification" -> 200 with status "needs_clarification"
// Prints per-category, per-user and per-block accuracy, the failures (id, question, why), writes
// report.json, and ends with two lines:
//   answered wrong W, declined D
//   accuracy X/Y = P%; refusals A/B
// X/Y over the answer questions, A/B over the refusal questions; of the answer questions that
// failed, W were answered (200, status "ok") with a result other than the gold, and D were
// declined (a needs_clarification, a "refused" status or an HTTP 403 for an answerable question);
// the rest (timeouts, other HTTP errors) are counted as answer errors in report.json. Exits 0
// whatever the accuracy; exits 1 only when the gateway cannot be reached (or the question/gold
// files are unusable), 2 when --block names no block of the set.
//
// Environment: GATEWAY_URL (default http://127.0.0.1:3000), EVAL_CONCURRENCY (default 4),
// EVAL_RATE_LIMIT_WAIT_S (default 300: how long one request may wait out 429s),
// EVAL_TIMEOUT_MS (per request, default 120000), EVAL_STRICT_COLUMNS=1 (no extra answer
// columns allowed). Arguments: --only q001,q002  --user admin_user  --category ranking
// --block h2 (the questions of a frozen held-out block; a follow-up selected alone brings the
// questions it follows along), --report PATH, --quiet. --corrections: the reviewed corrections
// of the product (GET /api/eval/corrections, as --admin USER, default admin_user) instead of the
// question set; see corrections.mjs.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareResult } from "./compare.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const GATEWAY = (process.env.GATEWAY_URL || "http://127.0.0.1:3000").replace(/\/+$/, "");
const CONCURRENCY = Math.max(1, Number(process.env.EVAL_CONCURRENCY || 4));
const TIMEOUT_MS = Number(process.env.EVAL_TIMEOUT_MS || 120000);
const STRICT = process.env.EVAL_STRICT_COLUMNS === "1";
const PASSWORDS = {
  admin_user: "admin123",
  manager_store1: "manager123",
  manager_multi: "manager123",
  marketing_user: "marketing123",
  finance_user: "finance123",
};

function arg(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const QUIET = process.argv.includes("--quiet");
const REPORT = arg("--report") || join(HERE, "report.json");

class Unreachable extends Error {}

function readJsonl(path) {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch (e) {
        throw new Error(`${path}:${i + 1}: ${e.message}`);
      }
    });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One HTTP call; network failures (no answer at all) become Unreachable.
async function http(method, path, { body, token } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(GATEWAY + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    if (e.name === "TimeoutError" || e.name === "AbortError") return { status: 0, timeout: true, body: null, text: "" };
    throw new Unreachable(`${method} ${GATEWAY}${path}: ${e.cause?.code || e.cause?.message || e.message}`);
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, body: json, text, retryAfter: Number(res.headers.get("retry-after") || 0) };
}

// Waits out 429s (honouring Retry-After: the gateway's per-user ask limit is part of the product,
// and a user with more questions than the limit allows per window simply waits) up to a total of
// EVAL_RATE_LIMIT_WAIT_S per request; retries 502/503/504 twice.
const RATE_LIMIT_WAIT_S = Math.max(0, Number(process.env.EVAL_RATE_LIMIT_WAIT_S || 300));
let rateLimitedWaitMs = 0;
async function httpRetry(method, path, opts) {
  let r;
  let waitedMs = 0;
  for (let attempt = 0, upstreamRetries = 0; ; attempt++) {
    r = await http(method, path, opts);
    if (r.status === 429) {
      const s = r.retryAfter || r.body?.error?.retry_after_s || 2 ** Math.min(attempt, 5);
      const ms = Math.min(60, s) * 1000 + 100 + Math.floor(Math.random() * 250);
      if (waitedMs + ms > RATE_LIMIT_WAIT_S * 1000) break;
      waitedMs += ms;
      rateLimitedWaitMs += ms;
      await sleep(ms);
      continue;
    }
    if ([502, 503, 504].includes(r.status) && upstreamRetries < 2) {
      upstreamRetries++;
      await sleep(1000 * upstreamRetries);
      continue;
    }
    break;
  }
  return r;
}

const tokens = new Map();
async function login(user) {
  if (tokens.has(user)) return tokens.get(user);
  const p = (async () => {
    const r = await httpRetry("POST", "/api/auth/login", { body: { username: user, password: PASSWORDS[user] } });
    if (r.status !== 200 || !r.body?.access_token)
      return { error: `login as ${user} failed: HTTP ${r.status} ${r.text.slice(0, 200)}` };
    return { token: r.body.access_token };
  })();
  tokens.set(user, p);
  return p;
}

function judge(q, gold, r) {
  const b = r.body || {};
  const err = b.error || {};
  if (r.timeout) return { pass: false, why: `timed out after ${TIMEOUT_MS} ms` };
  if (q.expect === "refusal") {
    if (r.status === 403 && ["policy_denied", "scope_denied"].includes(err.code)) return { pass: true, why: err.code };
    if (r.status === 200 && b.status === "refused") return { pass: true, why: "status refused" };
    if (r.status === 200)
      return { pass: false, why: `not refused: 200 status=${b.status} (${b.row_count ?? (b.rows || []).length} rows)` };
    return { pass: false, why: `not refused: HTTP ${r.status} ${err.code || ""} ${err.message || ""}`.trim() };
  }
  if (q.expect === "clarification") {
    if (r.status === 200 && b.status === "needs_clarification") return { pass: true, why: "needs_clarification" };
    if (r.status === 200) return { pass: false, why: `no clarification: status=${b.status}, answered with ${(b.rows || []).length} rows` };
    return { pass: false, why: `no clarification: HTTP ${r.status} ${err.code || ""} ${err.message || ""}`.trim() };
  }
  // answer: besides pass/why, an outcome — "match", "wrong" (answered, status ok, not the gold),
  // "declined" (clarification asked, refused, or 403) or "error" (anything else: HTTP errors,
  // an unknown status, a missing gold)
  if (r.status === 403)
    return { pass: false, outcome: "declined", why: `declined: HTTP 403 ${err.code || ""}: ${err.message || r.text.slice(0, 200)}` };
  if (r.status !== 200)
    return { pass: false, outcome: "error", why: `HTTP ${r.status} ${err.code || ""}: ${err.message || r.text.slice(0, 200)}` };
  if (b.status === "needs_clarification")
    return {
      pass: false,
      outcome: "declined",
      why: `asked for clarification: ${b.clarification?.question || b.answer || ""}`.slice(0, 300),
    };
  if (b.status === "refused") return { pass: false, outcome: "declined", why: "declined: status refused" };
  if (b.status !== "ok") return { pass: false, outcome: "error", why: `status ${b.status}` };
  if (!gold) return { pass: false, outcome: "error", why: "no gold result (run make_gold.mjs)" };
  if (!Array.isArray(b.rows)) return { pass: false, outcome: "wrong", why: "no rows in the answer" };
  if (b.truncated && b.rows.length < gold.rows.length)
    return { pass: false, outcome: "wrong", why: `answer truncated at ${b.rows.length} rows` };
  const c = compareResult(gold, { columns: b.columns || [], rows: b.rows }, { orderMatters: !!q.order_matters, strictColumns: STRICT });
  return c.ok ? { pass: true, outcome: "match", why: "match", mapping: c.mapping } : { pass: false, outcome: "wrong", why: c.why };
}

async function main() {
  // Reviewed corrections from the product (corrections.mjs) instead of the frozen question set.
  if (process.argv.includes("--corrections")) {
    const { runCorrections } = await import("./corrections.mjs");
    process.exit(
      await runCorrections({
        gateway: GATEWAY,
        passwords: PASSWORDS,
        admin: arg("--admin") || "admin_user",
        report: arg("--report") || join(HERE, "corrections-report.json"),
        quiet: QUIET,
        timeoutMs: TIMEOUT_MS,
      }),
    );
  }
  const questions = readJsonl(join(HERE, "questions.jsonl"));
  const goldById = new Map(readJsonl(join(HERE, "gold.jsonl")).map((g) => [g.id, g]));
  const byId = new Map(questions.map((q) => [q.id, q]));

  // selection
  const only = arg("--only") ? new Set(arg("--only").split(",")) : null;
  const userSel = arg("--user");
  const catSel = arg("--category");
  const blockSel = arg("--block");
  let selected = questions.filter(
    (q) =>
      (!only || only.has(q.id)) &&
      (!userSel || q.user === userSel) &&
      (!catSel || q.category === catSel) &&
      (!blockSel || q.block === blockSel),
  );
  if (blockSel && !selected.length) {
    // a mistyped block would otherwise score 0/0: a usage error, not an accuracy
    const known = [...new Set(questions.map((q) => q.block).filter(Boolean))];
    console.error(`eval: no question in block ${JSON.stringify(blockSel)} (blocks: ${known.join(", ") || "none"})`);
    process.exit(2);
  }
  const need = new Set(selected.map((q) => q.id));
  for (const q of selected) for (let p = q.follow_up_of; p; p = byId.get(p)?.follow_up_of) need.add(p);
  selected = questions.filter((q) => need.has(q.id));

  // conversations: a chain runs in order; chains run concurrently
  const rootOf = (q) => (q.follow_up_of && byId.has(q.follow_up_of) ? rootOf(byId.get(q.follow_up_of)) : q.id);
  const chains = new Map();
  for (const q of selected) {
    const root = rootOf(q);
    if (!chains.has(root)) chains.set(root, []);
    chains.get(root).push(q);
  }

  // reachability: loud exit 1 when nothing answers
  try {
    const h = await http("GET", "/health");
    if (!QUIET) console.log(`gateway ${GATEWAY}: /health HTTP ${h.status} ${h.text.slice(0, 120)}`);
  } catch (e) {
    if (e instanceof Unreachable) {
      console.error(`\n*** eval: the gateway is unreachable at ${GATEWAY} (${e.message}).`);
      console.error("*** Start the stack first (make up) or set GATEWAY_URL.\n");
      process.exit(1);
    }
    throw e;
  }

  const results = new Map();
  const convOf = new Map();
  const started = Date.now();
  let done = 0;
  const queue = [...chains.values()];
  async function runChain(chain) {
    for (const q of chain) {
      const t0 = Date.now();
      const rec = { id: q.id, user: q.user, category: q.category, block: q.block ?? null, expect: q.expect, question: q.question };
      const auth = await login(q.user);
      if (auth.error) {
        Object.assign(rec, { pass: false, why: auth.error, http_status: null });
        if (q.expect === "answer") rec.outcome = "error";
      } else {
        const body = { question: q.question };
        if (q.follow_up_of) {
          const cid = convOf.get(q.follow_up_of);
          if (cid) body.conversation_id = cid;
          else rec.note = `question ${q.follow_up_of} returned no conversation_id`;
        }
        const r = await httpRetry("POST", "/api/ask", { body, token: auth.token });
        const b = r.body || {};
        if (b.conversation_id) convOf.set(q.id, b.conversation_id);
        const j = judge(q, goldById.get(q.id), r);
        Object.assign(rec, {
          pass: j.pass,
          why: j.why,
          ...(j.outcome ? { outcome: j.outcome } : {}),
          http_status: r.status,
          status: b.status ?? null,
          error_code: b.error?.code ?? null,
          conversation_id: b.conversation_id ?? null,
          request_id: b.request_id ?? b.error?.request_id ?? null,
          sql: b.sql ?? null,
          answer: typeof b.answer === "string" ? b.answer.slice(0, 500) : null,
          columns: Array.isArray(b.columns) ? b.columns.map((c) => c?.name ?? c) : null,
          rows: Array.isArray(b.rows) ? b.rows.slice(0, 20) : null,
          row_count: Array.isArray(b.rows) ? b.rows.length : null,
          path: b.explain?.path ?? null,
        });
        if (j.mapping) rec.column_mapping = j.mapping;
      }
      rec.ms = Date.now() - t0;
      results.set(q.id, rec);
      done++;
      if (!QUIET && process.stderr.isTTY) process.stderr.write(`\r${done}/${selected.length} asked`);
    }
  }
  async function worker() {
    while (queue.length) await runChain(queue.shift());
  }
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } catch (e) {
    if (e instanceof Unreachable) {
      console.error(`\n*** eval: lost the gateway at ${GATEWAY} (${e.message}).\n`);
      process.exit(1);
    }
    throw e;
  }
  if (!QUIET && process.stderr.isTTY) process.stderr.write("\n");

  const ordered = selected.map((q) => results.get(q.id));
  const tally = (key) => {
    const m = new Map();
    for (const r of ordered) {
      const k = r[key];
      if (!m.has(k)) m.set(k, { pass: 0, total: 0 });
      const t = m.get(k);
      t.total++;
      if (r.pass) t.pass++;
    }
    return Object.fromEntries([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  };
  const count = (pred) => {
    const xs = ordered.filter(pred);
    return { pass: xs.filter((r) => r.pass).length, total: xs.length };
  };
  const acc = count((r) => r.expect === "answer");
  const ref = count((r) => r.expect === "refusal");
  const cla = count((r) => r.expect === "clarification");
  const pct = (t) => (t.total ? ((100 * t.pass) / t.total).toFixed(1) : "0.0");
  // of the answer questions: answered but wrong, declined, and failed otherwise
  const outcomes = (rs) => {
    const a = rs.filter((r) => r.expect === "answer");
    const n = (o) => a.filter((r) => r.outcome === o).length;
    return { wrong: n("wrong"), declined: n("declined"), errors: n("error") };
  };
  const out = outcomes(ordered);
  // per held-out block (questions with a "block" field); the rest as "no block"
  const blockSummary = (rs) => {
    const c = (pred) => ({ pass: rs.filter((r) => pred(r) && r.pass).length, total: rs.filter(pred).length });
    return {
      answers: c((r) => r.expect === "answer"),
      ...outcomes(rs),
      refusals: c((r) => r.expect === "refusal"),
      clarifications: c((r) => r.expect === "clarification"),
    };
  };
  const blockNames = [...new Set(ordered.map((r) => r.block).filter(Boolean))].sort();
  const byBlock = Object.fromEntries(blockNames.map((b) => [b, blockSummary(ordered.filter((r) => r.block === b))]));
  const unblocked = ordered.filter((r) => !r.block);
  if (blockNames.length && unblocked.length) byBlock["no block"] = blockSummary(unblocked);
  const blockLine = (name, s) =>
    `${name === "no block" ? name : `block ${name}`}: answers ${s.answers.pass}/${s.answers.total}, wrong ${s.wrong}, ` +
    `declined ${s.declined}, refusals ${s.refusals.pass}/${s.refusals.total}, ` +
    `clarifications ${s.clarifications.pass}/${s.clarifications.total}`;

  const fmt = (name, t) => `  ${name.padEnd(20)} ${String(t.pass).padStart(3)}/${String(t.total).padEnd(3)} ${pct(t).padStart(6)}%`;
  console.log(`\nEval of ${ordered.length} questions against ${GATEWAY} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (rateLimitedWaitMs > 0) {
    console.log(`(waited ${(rateLimitedWaitMs / 1000).toFixed(1)} s in all for the gateway's rate limit, as Retry-After asked)`);
  }
  console.log("\nBy category:");
  for (const [k, t] of Object.entries(tally("category"))) console.log(fmt(k, t));
  console.log("\nBy user:");
  for (const [k, t] of Object.entries(tally("user"))) console.log(fmt(k, t));
  if (blockNames.length) {
    console.log("\nBy block:");
    for (const [k, s] of Object.entries(byBlock)) console.log(blockLine(k, s));
  }
  const failures = ordered.filter((r) => !r.pass);
  console.log(`\nFailures (${failures.length}):`);
  for (const f of failures)
    console.log(`  ${f.id} [${f.user}/${f.category}${f.block ? `/${f.block}` : ""}] ${JSON.stringify(f.question)}\n      -> ${f.why}`);
  console.log(`\nclarifications ${cla.pass}/${cla.total}`);
  if (out.errors) console.log(`answer questions that failed otherwise (HTTP errors, timeouts) ${out.errors}`);

  const report = {
    gateway: GATEWAY,
    generated_at: new Date().toISOString(),
    strict_columns: STRICT,
    summary: {
      accuracy: { ...acc, pct: Number(pct(acc)) },
      answered_wrong: out.wrong,
      declined: out.declined,
      answer_errors: out.errors,
      refusals: ref,
      clarifications: cla,
      by_block: byBlock,
      by_category: tally("category"),
      by_user: tally("user"),
      by_expect: tally("expect"),
    },
    failures: failures.map((f) => ({
      id: f.id,
      user: f.user,
      category: f.category,
      block: f.block,
      expect: f.expect,
      ...(f.outcome ? { outcome: f.outcome } : {}),
      question: f.question,
      why: f.why,
    })),
    results: ordered,
  };
  writeFileSync(REPORT, JSON.stringify(report, null, 2) + "\n");
  console.log(`report: ${REPORT}`);
  console.log(`answered wrong ${out.wrong}, declined ${out.declined}`);
  console.log(`accuracy ${acc.pass}/${acc.total} = ${pct(acc)}%; refusals ${ref.pass}/${ref.total}`);
}

main().catch((e) => {
  if (e instanceof Unreachable) {
    console.error(`\n*** eval: the gateway is unreachable at ${GATEWAY} (${e.message}).\n`);
    process.exit(1);
  }
  console.error("eval:", e.stack || e.message);
  process.exit(1);
});
