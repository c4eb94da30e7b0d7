// The reviewed-corrections path of the eval (corrections.mjs, `node run.mjs --corrections`)
// against a mock gateway: cases come from GET /api/eval/corrections with their gold, each
// question is asked again as its asker and compared with the gold. Run: node --test eval/
import test from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { correctionCases, judgeCorrection } from "./corrections.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const PASSWORDS = { admin_user: "admin123", manager_store1: "manager123" };
const gold = (rows) => ({ columns: [{ name: "store_id", type: "int4" }, { name: "revenue", type: "numeric" }], rows });
const PAYLOAD = {
  corrections: [
    { request_id: "r1", question: "revenue by store", asker: { username: "manager_store1" }, reviewed_sql: "SELECT store_id, sum(amount) FROM v_payment_scoped GROUP BY 1 ORDER BY 1", gold: gold([[1, "100.00"]]) },
    { request_id: "r2", question: "total revenue", asker: { username: "manager_store1" }, reviewed_sql: "SELECT 1", gold: gold([[1, "7.00"]]) },
    { request_id: "r3", question: "x", asker: { username: "someone_else" }, reviewed_sql: "SELECT 1", gold: gold([]) },
    { request_id: "r4", question: "y", asker: { username: "manager_store1" }, reviewed_sql: "SELECT 1", gold: null, gold_note: "refused" },
  ],
};

test("cases: askable ones kept, the rest skipped with a reason", () => {
  const { cases, skipped } = correctionCases(PAYLOAD, PASSWORDS);
  assert.deepEqual(cases.map((c) => c.id), ["correction:r1", "correction:r2"]);
  assert.equal(cases[0].order_matters, true);
  assert.deepEqual(skipped.map((s) => s.id), ["correction:r3", "correction:r4"]);
  assert.match(skipped[0].why, /no password/);
  assert.match(skipped[1].why, /no gold: refused/);
});

test("judging: a match, a wrong answer, a decline", () => {
  const [kase] = correctionCases(PAYLOAD, PASSWORDS).cases;
  const ok = { status: 200, body: { status: "ok", columns: gold().columns, rows: [[1, 100]] } };
  assert.equal(judgeCorrection(kase, ok).outcome, "match");
  const wrong = { status: 200, body: { status: "ok", columns: gold().columns, rows: [[1, 99]] } };
  assert.equal(judgeCorrection(kase, wrong).outcome, "wrong");
  assert.equal(judgeCorrection(kase, { status: 403, body: { error: { code: "policy_denied" } } }).outcome, "declined");
});

test("run.mjs --corrections asks each case as its asker and prints the score", async () => {
  const asked = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const send = (status, b) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(b));
      };
      if (req.url === "/api/auth/login") {
        const { username } = JSON.parse(body);
        return send(200, { access_token: `token-${username}` });
      }
      if (req.url.startsWith("/api/eval/corrections")) {
        if (req.headers.authorization !== "Bearer token-admin_user") return send(403, { error: { code: "forbidden" } });
        return send(200, PAYLOAD);
      }
      if (req.url === "/api/ask") {
        const { question } = JSON.parse(body);
        asked.push([req.headers.authorization, question]);
        const rows = question === "revenue by store" ? [[1, "100.00"]] : [[1, "8.00"]];
        return send(200, { status: "ok", columns: gold().columns, rows });
      }
      send(404, { error: { code: "not_found" } });
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  const report = join(mkdtempSync(join(tmpdir(), "corrections-")), "report.json");
  const child = spawn(process.execPath, [join(HERE, "run.mjs"), "--corrections", "--report", report], {
    env: { ...process.env, GATEWAY_URL: `http://127.0.0.1:${port}` },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const code = await new Promise((r) => child.on("close", r));
  server.close();
  assert.equal(code, 0, out);
  const lines = out.trim().split("\n");
  assert.equal(lines.at(-2), "answered wrong 1, declined 0");
  assert.equal(lines.at(-1), "corrections 1/2 = 50.0%; skipped 2");
  assert.deepEqual(asked, [
    ["Bearer token-manager_store1", "revenue by store"],
    ["Bearer token-manager_store1", "total revenue"],
  ]);
  assert.equal(JSON.parse(readFileSync(report, "utf8")).passed, 1);
});
