// Reviewed corrections as regression cases (`node run.mjs --corrections`, issue 16 part 4).
//
// The frozen question set (questions.jsonl, gold.jsonl) stays as it is: these cases come from
// the product itself. An admin's GET /api/eval/corrections lists the reviewed pairs — a question
// and the SQL a reviewer said is right (their correction, or the answer's own SQL marked right) —
// each with its gold: the reviewed SQL's rows, run by the gateway through the copilot's
// guardrail and executor as the person who asked. Each question is asked again as that person
// (POST /api/ask) and its rows compared with the gold exactly as the question set's are
// (compare.mjs). A case whose asker has no known password here (not a seed user) or whose gold
// could not be computed is listed as skipped, never counted.
//
// Prints one line per failure, then `answered wrong W, declined D` and, last,
// `corrections X/Y = P%; skipped S`. Exits 0 whatever the score; 1 when the gateway cannot be
// reached or the admin cannot sign in.
import { writeFileSync } from "node:fs";
import { compareResult } from "./compare.mjs";

/** The cases of a GET /api/eval/corrections payload that can be asked: {cases, skipped}. */
export function correctionCases(payload, passwords) {
  const cases = [];
  const skipped = [];
  for (const c of payload?.corrections ?? []) {
    const user = c?.asker?.username;
    const id = `correction:${c?.request_id}`;
    if (!c?.gold || !Array.isArray(c.gold.rows) || !Array.isArray(c.gold.columns)) {
      skipped.push({ id, why: `no gold: ${c?.gold_note || "the reviewed SQL did not run"}` });
    } else if (!user || !(user in passwords)) {
      skipped.push({ id, why: `asker ${user ?? "unknown"} has no password known to the eval` });
    } else {
      cases.push({
        id,
        user,
        question: c.question,
        gold: { columns: c.gold.columns, rows: c.gold.rows },
        // A reviewed statement that orders its rows is judged with its order.
        order_matters: /\border\s+by\b/i.test(c.reviewed_sql ?? ""),
        reviewed_sql: c.reviewed_sql,
      });
    }
  }
  return { cases, skipped };
}

/** Judges one reply to a case: {pass, outcome: match|wrong|declined|error, why}. */
export function judgeCorrection(kase, reply) {
  const b = reply.body || {};
  const err = b.error || {};
  if (reply.status === 403) return { pass: false, outcome: "declined", why: `declined: 403 ${err.code ?? ""}` };
  if (reply.status !== 200) return { pass: false, outcome: "error", why: `HTTP ${reply.status} ${err.code ?? ""}` };
  if (b.status === "needs_clarification" || b.status === "refused")
    return { pass: false, outcome: "declined", why: `declined: ${b.status}` };
  if (b.status !== "ok") return { pass: false, outcome: "error", why: `status ${b.status}` };
  const c = compareResult(kase.gold, { columns: b.columns || [], rows: b.rows || [] }, { orderMatters: kase.order_matters });
  return c.ok ? { pass: true, outcome: "match", why: "match" } : { pass: false, outcome: "wrong", why: c.why };
}

async function call(gateway, method, path, { body, token, timeoutMs }) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(gateway + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, body: json, text };
}

/** Runs the corrections; returns the exit code. */
export async function runCorrections({ gateway, passwords, admin = "admin_user", report, quiet = false, timeoutMs = 120000 }) {
  const tokens = new Map();
  const login = async (user) => {
    if (!tokens.has(user)) {
      const r = await call(gateway, "POST", "/api/auth/login", { body: { username: user, password: passwords[user] }, timeoutMs });
      tokens.set(user, r.status === 200 ? r.body.access_token : null);
    }
    return tokens.get(user);
  };
  let adminToken;
  let payload;
  try {
    adminToken = await login(admin);
    if (!adminToken) {
      console.error(`*** eval --corrections: cannot sign in as ${admin}`);
      return 1;
    }
    const r = await call(gateway, "GET", "/api/eval/corrections?limit=200", { token: adminToken, timeoutMs });
    if (r.status !== 200) {
      console.error(`*** eval --corrections: GET /api/eval/corrections answered ${r.status} ${r.text.slice(0, 200)}`);
      return 1;
    }
    payload = r.body;
  } catch (e) {
    console.error(`*** eval --corrections: the gateway is unreachable at ${gateway} (${e.cause?.code || e.message})`);
    return 1;
  }
  const { cases, skipped } = correctionCases(payload, passwords);
  const results = [];
  for (const kase of cases) {
    const token = await login(kase.user);
    const reply = token
      ? await call(gateway, "POST", "/api/ask", { body: { question: kase.question }, token, timeoutMs })
      : { status: 0, body: null };
    const j = judgeCorrection(kase, reply);
    results.push({ id: kase.id, user: kase.user, question: kase.question, ...j, reviewed_sql: kase.reviewed_sql, sql: reply.body?.sql ?? null });
  }
  const passed = results.filter((r) => r.pass).length;
  const wrong = results.filter((r) => r.outcome === "wrong").length;
  const declined = results.filter((r) => r.outcome === "declined").length;
  if (!quiet) {
    for (const r of results.filter((x) => !x.pass)) console.log(`FAIL ${r.id} (${r.user}) ${r.question}: ${r.why}`);
    for (const s of skipped) console.log(`SKIP ${s.id}: ${s.why}`);
  }
  if (report) writeFileSync(report, JSON.stringify({ passed, total: results.length, skipped, results }, null, 2) + "\n");
  const pct = results.length ? ((100 * passed) / results.length).toFixed(1) : "0.0";
  console.log(`answered wrong ${wrong}, declined ${declined}`);
  console.log(`corrections ${passed}/${results.length} = ${pct}%; skipped ${skipped.length}`);
  return 0;
}
