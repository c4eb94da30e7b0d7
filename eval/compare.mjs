// Result-set comparison used by run.mjs (and its self-test, compare.test.mjs).
//
// compareResult(gold, answer, {orderMatters, strictColumns}) -> {ok, why, mapping}
//   gold   = {columns: [{name, type}], rows: [[...]]}      (from gold.jsonl)
//   answer = {columns: [{name, type}], rows: [[...]]}      (from the /api/ask body)
// Rules:
// - column names are ignored; every gold column must be matched by a distinct answer column with
//   the same values row for row. Positional first; otherwise the columns are matched by values
//   (so the answer may list them in another order). Extra answer columns (a masked name next to
//   a customer_id, a count next to a share) are allowed unless strictColumns.
// - rows are compared as multisets unless orderMatters; the row count must be equal.
// - numbers are equal within 0.01; numeric strings count as numbers; booleans as 1/0.
// - strings are compared trimmed, case- and whitespace-insensitively; dates/timestamps are
//   normalised (a midnight-UTC timestamp equals its date; "2022-07" equals "2022-07-01").
// - members side by side: a gold that puts named members in columns ("weekend", "weekday") also
//   matches an answer with one row per member (the issue asks for "one row each") when the
//   answer's label column holds exactly those column names and pivoting it on them gives the gold
//   - every member column must land on the gold column of its own name, so a pivot never matches
//   figures to the wrong member.
// - a gold column of English weekday names also matches an answer column of day numbers
//   (ISO 1=Monday..7=Sunday, or 0=Sunday..6=Saturday); a gold percentage (0-100) also matches an
//   answer fraction (0-1) when the whole column agrees that way.

export const TOL = 0.01;
const EPS = 1e-9;
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const WEEKDAY_SHORT = WEEKDAYS.map((d) => d.slice(0, 3));

function pad(n, w = 2) {
  return String(n).padStart(w, "0");
}

// Normalise one cell to a number, null, or a canonical string.
export function norm(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (typeof v === "object") return JSON.stringify(v);
  let s = String(v).trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (/^(true|t)$/i.test(s)) return 1;
  if (/^(false|f)$/i.test(s)) return 0;
  // year-month
  let m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-01`;
  // date or timestamp
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(s);
  if (m) {
    if (m[4] === undefined) return `${m[1]}-${m[2]}-${m[3]}`;
    let tz = m[8] || "Z";
    if (tz !== "Z") {
      const t = /^([+-])(\d{2}):?(\d{2})?$/.exec(tz);
      tz = `${t[1]}${t[2]}:${t[3] || "00"}`;
    }
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] || "00"}${m[7] ? "." + m[7].slice(0, 3) : ""}${tz}`;
    const d = new Date(iso);
    if (!Number.isNaN(d.getTime())) {
      const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0)
        return date;
      return `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
    }
  }
  s = s.toLowerCase().replace(/\s+/g, " ");
  const wd = WEEKDAYS.indexOf(s);
  if (wd >= 0) return `dow:${wd + 1}`;
  const ws = WEEKDAY_SHORT.indexOf(s);
  if (ws >= 0) return `dow:${ws + 1}`;
  return s;
}

export function cellEq(a, b) {
  if (a === null || b === null) return a === b;
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= TOL + EPS * Math.abs(b);
  return a === b;
}

// Transforms an answer column may go through to match a gold column.
const TRANSFORMS = {
  id: (v) => v,
  pct: (v) => (typeof v === "number" ? v * 100 : v),
  isodow: (v) => (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 7 ? `dow:${v}` : v),
  pgdow: (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 6 ? `dow:${v === 0 ? 7 : v}` : v),
};

function colKind(vals) {
  if (vals.every((v) => v === null || typeof v === "number")) return "num";
  if (vals.every((v) => v === null || (typeof v === "string" && v.startsWith("dow:")))) return "dow";
  return "other";
}

function sortKey(v) {
  if (v === null) return [0, 0];
  if (typeof v === "number") return [1, v];
  return [2, v];
}
function cmpVal(a, b) {
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka[0] !== kb[0]) return ka[0] - kb[0];
  return ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0;
}

// Same multiset of values (sorted pairing is exact for a 1-D tolerance match).
function sameMultiset(g, a) {
  if (g.length !== a.length) return false;
  const gs = [...g].sort(cmpVal);
  const as = [...a].sort(cmpVal);
  return gs.every((v, i) => cellEq(as[i], v));
}

function rowsEq(gr, ar) {
  return gr.every((v, i) => cellEq(ar[i], v));
}

// Row comparison for a fixed column mapping (answer rows already projected and transformed).
function compareRows(goldRows, ansRows, orderMatters) {
  if (orderMatters) {
    for (let i = 0; i < goldRows.length; i++) {
      if (!rowsEq(goldRows[i], ansRows[i])) return { ok: false, why: `row ${i + 1} differs (order matters)` };
    }
    return { ok: true };
  }
  // multiset: exact-key pass first, then greedy tolerance matching on the rest
  const used = new Array(ansRows.length).fill(false);
  const pending = [];
  const keyOf = (r) => JSON.stringify(r);
  const byKey = new Map();
  ansRows.forEach((r, i) => {
    const k = keyOf(r);
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k).push(i);
  });
  for (const g of goldRows) {
    const list = byKey.get(keyOf(g));
    const i = list && list.find((x) => !used[x]);
    if (i !== undefined) used[i] = true;
    else pending.push(g);
  }
  for (const g of pending) {
    const i = ansRows.findIndex((r, x) => !used[x] && rowsEq(g, r));
    if (i < 0) return { ok: false, why: `gold row ${JSON.stringify(g)} not in the answer` };
    used[i] = true;
  }
  return { ok: true };
}

function compareSameShape(gold, answer, { orderMatters = false, strictColumns = false } = {}) {
  const G = gold.columns.length;
  const A = (answer.columns || []).length || (answer.rows && answer.rows[0] ? answer.rows[0].length : 0);
  const gRows = gold.rows.map((r) => r.map(norm));
  const aRows = (answer.rows || []).map((r) => r.map(norm));
  if (aRows.length !== gRows.length)
    return { ok: false, why: `row count ${aRows.length}, expected ${gRows.length}` };
  if (A < G) return { ok: false, why: `${A} column(s), expected ${G}` };
  if (strictColumns && A !== G) return { ok: false, why: `${A} columns, expected exactly ${G}` };
  if (gRows.length === 0) return { ok: true, mapping: [] };

  const gCols = Array.from({ length: G }, (_, j) => gRows.map((r) => r[j]));
  const aCols = Array.from({ length: A }, (_, k) => aRows.map((r) => r[k]));
  // candidate (answer column, transform) pairs per gold column, by value multiset
  const cands = gCols.map((gc, j) => {
    const kind = colKind(gc);
    const names = kind === "num" ? ["id", "pct"] : kind === "dow" ? ["id", "isodow", "pgdow"] : ["id"];
    const out = [];
    for (let k = 0; k < A; k++) {
      for (const t of names) {
        const tc = aCols[k].map(TRANSFORMS[t]);
        if (sameMultiset(gc, tc)) out.push({ k, t });
      }
    }
    // positional identity first, then other identity matches, then transforms
    out.sort((x, y) => (x.t === "id" ? 0 : 1) - (y.t === "id" ? 0 : 1) || Math.abs(x.k - j) - Math.abs(y.k - j));
    return out;
  });
  const missing = cands.findIndex((c) => c.length === 0);
  if (missing >= 0)
    return {
      ok: false,
      why: `no answer column has the values of gold column ${missing + 1} (${gold.columns[missing].name}): expected ${JSON.stringify(gCols[missing].slice(0, 5))}${gCols[missing].length > 5 ? "..." : ""}`,
    };
  // backtracking over injective assignments (bounded)
  let tries = 0;
  let lastWhy = "rows differ";
  const chosen = [];
  const usedCols = new Set();
  function search(j) {
    if (tries > 5000) return null;
    if (j === G) {
      tries++;
      const proj = aRows.map((r) => chosen.map(({ k, t }) => TRANSFORMS[t](r[k])));
      const res = compareRows(gRows, proj, orderMatters);
      if (res.ok) return chosen.map((c) => ({ ...c }));
      lastWhy = res.why;
      return null;
    }
    for (const c of cands[j]) {
      if (usedCols.has(c.k)) continue;
      usedCols.add(c.k);
      chosen.push(c);
      const r = search(j + 1);
      if (r) return r;
      chosen.pop();
      usedCols.delete(c.k);
    }
    return null;
  }
  const mapping = search(0);
  if (mapping) return { ok: true, mapping };
  return { ok: false, why: lastWhy };
}

// A column or member name as words: "day_type" and "Day type" are the same name.
function memberName(v) {
  return typeof v === "string" ? v.trim().toLowerCase().replace(/[_\s]+/g, " ") : null;
}

// The answer pivoted on its label column `l` with the figures of column `v`: one row per value of
// the other columns, one column per member (in `members` order); null where a member has no row.
function pivotAnswer(aRows, l, v, members) {
  const keyCols = aRows[0].map((_, k) => k).filter((k) => k !== l && k !== v);
  const groups = new Map();
  for (const r of aRows) {
    const key = JSON.stringify(keyCols.map((k) => r[k]));
    if (!groups.has(key)) groups.set(key, { keys: keyCols.map((k) => r[k]), cells: new Map() });
    const g = groups.get(key);
    const m = memberName(r[l]);
    if (g.cells.has(m)) return null; // two figures for one member: not a pivot
    g.cells.set(m, r[v]);
  }
  const columns = [
    ...keyCols.map((k) => ({ name: `key${k}`, type: "" })),
    ...members.map((m) => ({ name: m, type: "" })),
  ];
  const rows = [...groups.values()].map((g) => [...g.keys, ...members.map((m) => (g.cells.has(m) ? g.cells.get(m) : null))]);
  return { columns, rows, memberStart: keyCols.length };
}

// Members the gold puts in columns, answered one row each (see the rules at the top).
function compareMembersAsRows(gold, answer, opts) {
  const aRows = (answer.rows || []).map((r) => r.map(norm));
  if (aRows.length === 0 || !(answer.columns || []).length) return null;
  const goldNames = gold.columns.map((c) => memberName(c.name));
  const A = answer.columns.length;
  for (let l = 0; l < A; l++) {
    const labels = [...new Set(aRows.map((r) => memberName(r[l])))];
    if (labels.length < 2 || labels.some((m) => m === null || !goldNames.includes(m))) continue;
    const members = goldNames.filter((n) => labels.includes(n));
    if (members.length !== labels.length) continue;
    for (let v = 0; v < A; v++) {
      if (v === l || !aRows.every((r) => r[v] === null || typeof r[v] === "number")) continue;
      const pivoted = pivotAnswer(aRows, l, v, members);
      if (!pivoted) continue;
      const res = compareSameShape(gold, pivoted, opts);
      if (!res.ok) continue;
      const ownColumns = res.mapping.every(
        ({ k }, j) => !members.includes(goldNames[j]) || members[k - pivoted.memberStart] === goldNames[j],
      );
      if (ownColumns) return { ...res, why: "members as rows" };
    }
  }
  return null;
}

export function compareResult(gold, answer, opts = {}) {
  const same = compareSameShape(gold, answer, opts);
  if (same.ok) return same;
  return compareMembersAsRows(gold, answer, opts) || same;
}
