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

// sabotage: ids answered with a row missing; decline: id -> "clarify" | "refuse" | "scope" for
// answer questions the mock declines instead (needs_clarification, 403 policy_denied, 403
// scope_denied); fail: ids answered with a 500
function mockGateway({ sabotage = new Set(), decline = new Map(), fail = new Set() } = {}) {
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
        if (q.expect === "clarification" || decline.get(q.id) === "clarify")
          return send(res, 200, { status: "needs_clarification", conversation_id: cid, rows: [], columns: [] });
        if (decline.has(q.id))
          return send(res, 403, {
            error: { code: decline.get(q.id) === "scope" ? "scope_denied" : "policy_denied", message: "no" },
          });
        if (fail.has(q.id)) return send(res, 500, { error: { code: "internal", message: "boom" } });
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
const nClarify = questions.filter((q) => q.expect === "clarification").length;
const lastLines = (out, n) => out.trim().split("\n").slice(-n);

test("a perfect (but differently shaped) gateway scores 100%", async () => {
  await withServer({}, async (url) => {
    const r = await runEval(url);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(lastLines(r.out, 2), [
      "answered wrong 0, declined 0",
      `accuracy ${nAnswer}/${nAnswer} = 100.0%; refusals ${nRefusal}/${nRefusal}`,
    ]);
    assert.ok(r.out.split("\n").includes(`clarifications ${nClarify}/${nClarify}`), "clarifications line kept");
    assert.equal(r.report.failures.length, 0, JSON.stringify(r.report.failures.slice(0, 3)));
    assert.equal(r.report.summary.answered_wrong, 0);
    assert.equal(r.report.summary.declined, 0);
  });
});

test("wrong answers are caught and listed", async () => {
  const bad = questions.filter((q) => q.expect === "answer").slice(0, 3).map((q) => q.id);
  await withServer({ sabotage: new Set(bad) }, async (url) => {
    const r = await runEval(url);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.report.failures.map((f) => f.id).sort(), [...bad].sort());
    assert.deepEqual(lastLines(r.out, 2)[0], "answered wrong 3, declined 0");
    assert.match(lastLines(r.out, 1)[0], new RegExp(`^accuracy ${nAnswer - 3}/${nAnswer} = `));
    assert.ok(r.report.failures.every((f) => f.outcome === "wrong"));
  });
});

test("declined answerable questions are counted apart from wrong answers and errors", async () => {
  const ans = questions.filter((q) => q.expect === "answer" && !q.follow_up_of);
  const [c, p, s, w, e] = ans.slice(10, 15).map((q) => q.id);
  const opts = {
    decline: new Map([
      [c, "clarify"],
      [p, "refuse"],
      [s, "scope"],
    ]),
    sabotage: new Set([w]),
    fail: new Set([e]),
  };
  await withServer(opts, async (url) => {
    const r = await runEval(url);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(lastLines(r.out, 2), [
      "answered wrong 1, declined 3",
      `accuracy ${nAnswer - 5}/${nAnswer} = ${((100 * (nAnswer - 5)) / nAnswer).toFixed(1)}%; refusals ${nRefusal}/${nRefusal}`,
    ]);
    const sum = r.report.summary;
    assert.deepEqual([sum.answered_wrong, sum.declined, sum.answer_errors], [1, 3, 1]);
    const outcome = Object.fromEntries(r.report.results.filter((x) => x.outcome).map((x) => [x.id, x.outcome]));
    assert.deepEqual([outcome[c], outcome[p], outcome[s], outcome[w], outcome[e]], ["declined", "declined", "declined", "wrong", "error"]);
  });
});

test("--block runs one held-out block and prints its summary", async () => {
  const blocks = [...new Set(questions.map((q) => q.block).filter(Boolean))];
  assert.ok(blocks.includes("h2"), "the h2 block exists");
  const h2 = questions.filter((q) => q.block === "h2");
  const n = (e) => h2.filter((q) => q.expect === e).length;
  const bad = h2.filter((q) => q.expect === "answer" && !q.follow_up_of).slice(0, 2).map((q) => q.id);
  await withServer({ sabotage: new Set([bad[0]]), decline: new Map([[bad[1], "clarify"]]) }, async (url) => {
    const r = await runEval(url, ["--block", "h2"]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.report.results.length, h2.length);
    assert.ok(r.report.results.every((x) => x.block === "h2"));
    const line = `block h2: answers ${n("answer") - 2}/${n("answer")}, wrong 1, declined 1, refusals ${n("refusal")}/${n("refusal")}, clarifications ${n("clarification")}/${n("clarification")}`;
    assert.ok(r.out.split("\n").includes(line), `missing: ${line}\n${r.out}`);
    assert.deepEqual(lastLines(r.out, 2)[0], "answered wrong 1, declined 1");
    assert.equal(r.report.summary.by_block.h2.wrong, 1);
    assert.equal(r.report.summary.by_block.h2.declined, 1);
  });
});

test("the full run summarises each block and the questions outside blocks", async () => {
  await withServer({}, async (url) => {
    const r = await runEval(url);
    assert.equal(r.code, 0, r.err);
    const h2 = questions.filter((q) => q.block === "h2");
    assert.equal(r.report.summary.by_block.h2.answers.total, h2.filter((q) => q.expect === "answer").length);
    assert.equal(r.report.summary.by_block["no block"].answers.total, questions.filter((q) => !q.block && q.expect === "answer").length);
    assert.ok(r.out.split("\n").some((l) => l.startsWith("block h2: answers ")));
  });
});

test("an unknown --block is a usage error, not a 0% score", async () => {
  await withServer({}, async (url) => {
    const r = await runEval(url, ["--block", "nope"]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no question in block "nope"/);
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
