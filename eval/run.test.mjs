// End-to-end check of run.mjs against a mock gateway that answers from gold.jsonl with the
// perturbations a real planner may produce (rows shuffled, columns swapped, extra columns,
// numbers as strings, dates as timestamps, shares as fractions) and checks that follow-ups carry
// their parent's conversation_id. Run: node --test eval/
import test from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const jsonl = (f) => readFileSync(join(HERE, f), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const questions = jsonl("questions.jsonl");
const gold = new Map(jsonl("gold.jsonl").map((g) => [g.id, g]));

function mockGateway({ sabotage = new Set() } = {}) {
  const byKey = new Map(questions.map((q) => [`${q.user}\u0000${q.question}`, q]));
  const convQuestion = new Map(); // conversation_id -> id of the last question asked in it
  let seq = 0;
  const send = (res, status, body) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  return http.createServer((req, res) => {
    let data = "";
    req.on("data", (d) => (data += d));
    req.on("end", () => {
      if (req.url === "/health") return send(res, 200, { status: "ok", copilot: "ok" });
      const body = data ? JSON.parse(data) : {};
      if (req.url === "/api/auth/login") {
        return send(res, 200, { access_token: `tok-${body.username}`, token_type: "Bearer", expires_in: 3600, user: {} });
      }
      if (req.url === "/api/ask") {
        const user = (req.headers.authorization || "").replace("Bearer tok-", "");
        const q = byKey.get(`${user}\u0000${body.question}`);
        if (!q) return send(res, 422, { error: { code: "invalid_field", message: "unknown question" } });
        let cid = body.conversation_id;
        if (q.follow_up_of && convQuestion.get(cid) !== q.follow_up_of)
          return send(res, 200, { status: "ok", conversation_id: "x", rows: [], columns: [] });
        if (!cid) cid = `conv-${++seq}`;
        convQuestion.set(cid, q.id);
        if (q.expect === "refusal")
          return send(res, 403, { error: { code: q.id.endsWith("1") ? "scope_denied" : "policy_denied", message: "no" } });
        if (q.expect === "clarification")
          return send(res, 200, { status: "needs_clarification", conversation_id: cid, rows: [], columns: [] });
        const g = gold.get(q.id);
        // perturb: reverse columns, add an id column, stringify numbers, timestamps for dates,
        // fractions for percentages, shuffle rows when order does not matter
        let rows = g.rows.map((r) =>
          r.map((v, j) => {
            const name = g.columns[j].name;
            if (typeof v === "number" && /pct$/.test(name)) return v / 100;
            if (typeof v === "number") return String(v);
            if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00+00:00`;
            return v;
          }),
        );
        rows = rows.map((r, i) => [1000 + i, ...[...r].reverse()]);
        if (!q.order_matters) rows.reverse();
        if (sabotage.has(q.id)) rows = rows.slice(1);
        return send(res, 200, {
          status: "ok",
          conversation_id: cid,
          columns: [{ name: "rank" }, ...[...g.columns].reverse()],
          rows,
          truncated: false,
        });
      }
      send(res, 404, { error: { code: "not_found", message: "no" } });
    });
  });
}

function runEval(url, extraArgs = []) {
  const report = join(mkdtempSync(join(tmpdir(), "eval-")), "report.json");
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(HERE, "run.mjs"), "--report", report, ...extraArgs], {
      env: { ...process.env, GATEWAY_URL: url },
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => resolve({ code, out, err, report: code === 0 ? JSON.parse(readFileSync(report, "utf8")) : null }));
  });
}

async function withServer(opts, fn) {
  const srv = mockGateway(opts);
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  try {
    return await fn(`http://127.0.0.1:${srv.address().port}`);
  } finally {
    srv.close();
  }
}

const nAnswer = questions.filter((q) => q.expect === "answer").length;
const nRefusal = questions.filter((q) => q.expect === "refusal").length;

test("a perfect (but differently shaped) gateway scores 100%", async () => {
  await withServer({}, async (url) => {
    const r = await runEval(url);
    assert.equal(r.code, 0, r.err);
    const last = r.out.trim().split("\n").pop();
    assert.equal(last, `accuracy ${nAnswer}/${nAnswer} = 100.0%; refusals ${nRefusal}/${nRefusal}`);
    assert.equal(r.report.failures.length, 0, JSON.stringify(r.report.failures.slice(0, 3)));
  });
});

test("wrong answers are caught and listed", async () => {
  const bad = questions.filter((q) => q.expect === "answer").slice(0, 3).map((q) => q.id);
  await withServer({ sabotage: new Set(bad) }, async (url) => {
    const r = await runEval(url);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.report.failures.map((f) => f.id).sort(), [...bad].sort());
    assert.match(r.out.trim().split("\n").pop(), new RegExp(`^accuracy ${nAnswer - 3}/${nAnswer} = `));
  });
});

test("--only with a follow-up brings its parents along", async () => {
  const fu = questions.find((q) => q.follow_up_of && questions.find((p) => p.id === q.follow_up_of).follow_up_of);
  await withServer({}, async (url) => {
    const r = await runEval(url, ["--only", fu.id]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.report.results.length, 3);
    assert.ok(r.report.results.every((x) => x.pass));
  });
});

test("unreachable gateway exits 1 loudly", async () => {
  const r = await runEval("http://127.0.0.1:9");
  assert.equal(r.code, 1);
  assert.match(r.err, /unreachable/);
});
