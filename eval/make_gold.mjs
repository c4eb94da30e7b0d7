#!/usr/bin/env node
// Runs every gold_sql of questions.jsonl against the database as the postgres superuser and
// writes gold.jsonl: one line {id, columns: [{name, type}], rows: [[...]]} per answer question,
// in questions.jsonl order. Deterministic: same database -> byte-identical gold.jsonl.
//
//   node make_gold.mjs              # database $COPILOT_DB_NAME, default "copilot"
//   COPILOT_DB_NAME=eval_scratch node make_gold.mjs
//   node make_gold.mjs --check      # compare with the committed gold.jsonl, exit 1 on drift
//   node make_gold.mjs --ties       # list top/bottom-N golds with a tie at the cut-off
//
// Each query runs through `runuser -u postgres -- psql -X -At -d <db>` in a READ ONLY
// transaction with TimeZone=UTC. Rows are read one JSON object per output line
// (`SELECT row_to_json(t) FROM (<gold>) t`), which keeps the gold's ORDER BY exactly; the
// column names and types come from psql's \gdesc on the gold itself.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const DB = process.env.COPILOT_DB_NAME || "copilot";
const CHECK = process.argv.includes("--check");
const TIES = process.argv.includes("--ties");
const CONCURRENCY = 4;

function psql(sql) {
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const cmd = asRoot ? "runuser" : "psql";
  const args = asRoot ? ["-u", "postgres", "--", "psql"] : [];
  args.push("-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", DB);
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(err.trim() || `psql exited ${code}`))));
    p.stdin.end(sql);
  });
}

const PRELUDE =
  "SET TIME ZONE 'UTC';\nSET statement_timeout = '60s';\nSET default_transaction_read_only = on;\n";

async function runGold(q) {
  const gold = q.gold_sql.trim().replace(/;\s*$/, "");
  if (gold.includes(";")) throw new Error("gold_sql must be a single statement without ';'");
  // one session: 1) column names and types (\gdesc), 2) rows, one JSON object per line, in the
  // gold's output order
  const SPLIT = "__eval_gold_split__";
  const out = await psql(
    `${PRELUDE}${gold}\n\\gdesc\n\\echo ${SPLIT}\nSELECT row_to_json(t)::text FROM (\n${gold}\n) t;\n`,
  );
  const cut = out.indexOf(SPLIT + "\n");
  if (cut < 0) throw new Error("unexpected psql output");
  const columns = out
    .slice(0, cut)
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const i = l.lastIndexOf("|");
      return { name: l.slice(0, i), type: l.slice(i + 1) };
    });
  const names = columns.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`duplicate column names: ${names}`);
  const rows = out
    .slice(cut + SPLIT.length + 1)
    .split("\n")
    .filter((l) => l.length)
    .map((l) => {
      const o = JSON.parse(l);
      return names.map((n) => (o[n] === undefined ? null : o[n]));
    });
  // unordered results: a canonical row order so gold.jsonl is byte-for-byte reproducible
  if (!q.order_matters) {
    const key = (r) => JSON.stringify(r);
    rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  return { id: q.id, columns, rows };
}

// A ranking whose N-th and (N+1)-th rows have the same metric (last column) depends on the
// tie-break (DESIGN.md: by name, then id); such questions say so in their notes.
async function listTies(todo) {
  for (const q of todo) {
    const m = /\bLIMIT (\d+)\s*$/i.exec(q.gold_sql);
    if (!m) continue;
    const n = Number(m[1]);
    const sql = q.gold_sql.slice(0, m.index) + `LIMIT ${n + 1}`;
    const out = (await psql(`${PRELUDE}${sql};\n`)).trim().split("\n");
    const last = (l) => (l || "").split("|").pop();
    if (out.length > n && last(out[n - 1]) === last(out[n]))
      console.log(`${q.id} tie at the cut-off: ${out[n - 1]} / ${out[n]}${/tie/.test(q.notes || "") ? "" : "  (not noted!)"}`);
  }
}

async function main() {
  const qs = readFileSync(join(HERE, "questions.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const todo = qs.filter((q) => q.expect === "answer");
  if (TIES) return listTies(todo);
  const missing = todo.filter((q) => !q.gold_sql);
  if (missing.length) throw new Error(`answer questions without gold_sql: ${missing.map((q) => q.id)}`);
  const results = new Array(todo.length);
  const errors = [];
  let next = 0;
  async function worker() {
    while (next < todo.length) {
      const k = next++;
      try {
        results[k] = await runGold(todo[k]);
      } catch (e) {
        errors.push(`${todo[k].id}: ${e.message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (errors.length) {
    console.error(`make_gold: ${errors.length} gold queries failed on database ${DB}:`);
    for (const e of errors) console.error("  " + e);
    process.exit(1);
  }
  const empty = results.filter((r) => r.rows.length === 0).map((r) => r.id);
  if (empty.length) console.error(`make_gold: warning, empty gold results: ${empty.join(", ")}`);
  const text = results.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const path = join(HERE, "gold.jsonl");
  if (CHECK) {
    const old = existsSync(path) ? readFileSync(path, "utf8") : "";
    if (old !== text) {
      console.error(`make_gold --check: gold.jsonl differs from what database ${DB} gives`);
      process.exit(1);
    }
    console.log(`make_gold --check: gold.jsonl matches database ${DB} (${results.length} answers)`);
    return;
  }
  writeFileSync(path, text);
  console.log(`make_gold: wrote ${results.length} gold results from database ${DB} to ${path}`);
}

main().catch((e) => {
  console.error("make_gold:", e.message);
  process.exit(1);
});
