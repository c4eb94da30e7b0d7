// Shape of the question set and its gold file. Run: node --test eval/
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const text = readFileSync(join(HERE, "questions.jsonl"), "utf8");
const qs = text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
const gold = readFileSync(join(HERE, "gold.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const USERS = ["admin_user", "manager_store1", "manager_multi", "marketing_user", "finance_user"];

test("questions.jsonl is what questions_src.mjs generates", () => {
  const out = execFileSync(process.execPath, [join(HERE, "questions_src.mjs")], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  assert.equal(out, text, "regenerate: node questions_src.mjs > questions.jsonl (then make_gold.mjs)");
});

test("at least 150 questions over the five seed users, with unique ids and valid fields", () => {
  assert.ok(qs.length >= 150);
  assert.equal(new Set(qs.map((q) => q.id)).size, qs.length);
  for (const u of USERS) assert.ok(qs.filter((q) => q.user === u).length >= 20, u);
  const seen = new Map();
  for (const q of qs) {
    assert.ok(USERS.includes(q.user), q.id);
    assert.ok(["answer", "refusal", "clarification"].includes(q.expect), q.id);
    assert.equal(typeof q.question, "string");
    assert.equal(typeof q.order_matters, "boolean");
    assert.equal(q.expect === "answer", typeof q.gold_sql === "string", `${q.id}: gold_sql iff answer`);
    if (q.gold_sql) assert.ok(!/\b(v_payment_scoped|v_rental_scoped|v_customer_masked)\b/.test(q.gold_sql), `${q.id} uses a view`);
    if (q.follow_up_of) {
      const p = seen.get(q.follow_up_of);
      assert.ok(p, `${q.id} follows an earlier question`);
      assert.equal(p.user, q.user, `${q.id} follows a question of the same user`);
    }
    seen.set(q.id, q);
  }
  assert.ok(qs.some((q) => q.expect === "refusal") && qs.some((q) => q.expect === "clarification"));
  assert.ok(qs.filter((q) => q.follow_up_of).length >= 10);
});

test("gold.jsonl has one result per answer question, in order", () => {
  assert.deepEqual(
    gold.map((g) => g.id),
    qs.filter((q) => q.expect === "answer").map((q) => q.id),
  );
  for (const g of gold) {
    assert.ok(g.rows.length > 0, `${g.id} has rows`);
    for (const r of g.rows) assert.equal(r.length, g.columns.length, g.id);
  }
});

// The held-out block h2 (q297-q393) was written without reading the planner and frozen before the
// planner work of issue 12: its questions, gold SQL and expectations must not be tuned to the
// product. Changing them on purpose means a new block, not an edit; this hash says when it happened.
const H2_SHA256 = "e656ff54c8dac00d872484dc0d91fa0a620bf571602758ab2cc748baf77ac153";

test("held-out block h2 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h2 = qs.filter((q) => q.block === "h2");
  assert.equal(h2.length, 97);
  assert.deepEqual(
    h2.map((q) => q.id),
    Array.from({ length: 97 }, (_, k) => `q${297 + k}`),
  );
  const n = (e) => h2.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [73, 14, 10]);
  for (const u of USERS) assert.ok(h2.filter((q) => q.user === u).length >= 15, u);
  for (const q of h2.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h2.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  for (const q of h2.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h2", q.id);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h2");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H2_SHA256,
    "block h2 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h3 (q394-q493) was written without reading the product (copilot/, gateway/,
// web/) and without running it, in wording unlike every earlier question, to be scored once as the
// estimate of accuracy on phrasings nobody tuned for. Frozen like h2: a change means a new block.
const H3_SHA256 = "404cef77798950aab9c59d118d65bc794e554e787ad277f092e27581ebe01fb5";

test("held-out block h3 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h3 = qs.filter((q) => q.block === "h3");
  assert.equal(h3.length, 100);
  assert.deepEqual(
    h3.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${394 + k}`),
  );
  const n = (e) => h3.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h3.filter((q) => q.user === u).length >= 15, u);
  for (const q of h3.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h3.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  for (const q of h3.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h3", q.id);
  for (const q of h3.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h3");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H3_SHA256,
    "block h3 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h4 (q494-q593) was written like h3 - without reading the product (copilot/,
// gateway/, web/) and without running it - in new wording (phone shorthand, finance and marketing
// jargon, context sentences, two-clause questions, British spellings, typos), to be scored once as
// the next honest estimate of accuracy on phrasings nobody tuned for. Frozen: a change means a new block.
const H4_SHA256 = "1f277a293690af9d14f379c901fd219c3ee82dfe80b383a531f3de914faed05d";

test("held-out block h4 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h4 = qs.filter((q) => q.block === "h4");
  assert.equal(h4.length, 100);
  assert.deepEqual(
    h4.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${494 + k}`),
  );
  const n = (e) => h4.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h4.filter((q) => q.user === u).length >= 15, u);
  for (const q of h4.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h4.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  for (const q of h4.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h4", q.id);
  for (const q of h4.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h4.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h4");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H4_SHA256,
    "block h4 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h5 (q594-q693) was written like h3 and h4 - from DESIGN.md, the eval files and
// the data, without reading the product (copilot/, gateway/, web/, common/) and without running it -
// in wording unlike every earlier block (a context sentence or filler before the question,
// multi-clause questions, "never" / "not" questions, colloquial synonyms, British spellings, typos
// and phone shorthand, numbers in words), to be scored once as the next honest estimate of accuracy
// on phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H5_SHA256 = "937c3407d467def8dbadbb0da6774453d979a65f75ad5029c47355837f7e826a";

test("held-out block h5 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h5 = qs.filter((q) => q.block === "h5");
  assert.equal(h5.length, 100);
  assert.deepEqual(
    h5.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${594 + k}`),
  );
  const n = (e) => h5.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h5.filter((q) => q.user === u).length >= 15, u);
  for (const q of h5.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h5.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  for (const q of h5.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h5", q.id);
  for (const q of h5.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h5.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h5");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H5_SHA256,
    "block h5 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h6 (q694-q793) was written like h3-h5 - from DESIGN.md, the eval files and the
// data, without reading the product (copilot/, gateway/, web/, common/) and without running it -
// weighted towards the everyday breadth of business questions (KPIs, breakdowns, rankings, shares,
// periods, named values, catalogue lookups) in fresh wording (other verbs, noun-phrase-first and
// imperative forms, chatty and spoken forms, typos, British spellings, abbreviations), with about a
// quarter harder ones ("never" / "not", two figures in one answer, "company-wide", HAVING, ranges,
// "X or Y"), to be scored once as the next honest estimate of accuracy on phrasings nobody tuned
// for. Frozen: a change means a new block, not an edit.
const H6_SHA256 = "2d4dc196d7f48ccc4b76f443afc72b70582a189727428c997fcb942e056c4636";

test("held-out block h6 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h6 = qs.filter((q) => q.block === "h6");
  assert.equal(h6.length, 100);
  assert.deepEqual(
    h6.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${694 + k}`),
  );
  const n = (e) => h6.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h6.filter((q) => q.user === u).length >= 15, u);
  for (const q of h6.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h6.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  for (const q of h6.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h6", q.id);
  for (const q of h6.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h6.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h6");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H6_SHA256,
    "block h6 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h7 (q794-q893) was written like h3-h6 - from DESIGN.md, the eval files and the
// data, without reading the product (copilot/, gateway/, web/, common/, bench/, e2e/, contracts/) and
// without running it or the planner - weighted like h6 towards everyday business questions (KPIs,
// breakdowns, rankings, averages, shares, periods, relative time, named values, catalogue lookups) in
// wording unlike h2-h6 (terse shop-floor forms, abbreviations such as rev / avg / qty / YTD / MoM,
// typos, British spellings), with about 20 harder ones ("both" / "every month", weekend vs weekday,
// conditions on groups, an hour range, "X or Y", two figures in one answer, per-store rates,
// follow-ups that change one thing), to be scored once as the next honest estimate of accuracy on
// phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H7_SHA256 = "20e0a9282168f184fca0e8e8418ebc26c8284fefcfd2c409bc8a4a022239836e";

test("held-out block h7 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h7 = qs.filter((q) => q.block === "h7");
  assert.equal(h7.length, 100);
  assert.deepEqual(
    h7.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${794 + k}`),
  );
  const n = (e) => h7.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h7.filter((q) => q.user === u).length >= 15, u);
  for (const q of h7.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h7.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  for (const q of h7.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h7", q.id);
  for (const q of h7.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h7.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h7");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H7_SHA256,
    "block h7 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h8 (q894-q993) was written like h3-h7 - from DESIGN.md, the eval files and the
// data, without reading the product (copilot/, gateway/, web/, common/, bench/, e2e/, contracts/, db/,
// scripts/) and without running it, the planner or run.mjs - weighted like h6 and h7 towards everyday
// business questions (KPIs, breakdowns, rankings, averages, shares, periods, relative time, named
// films / actors / cities / countries, catalogue lookups) in wording unlike h2-h7 (polite filler, the
// condition first, commands and fragments, passive voice, numbers as words, units spelled in other
// ways), with about 20 harder ones (HAVING with
// the boundary named in notes, negation, "X or Y", two periods with the gap or the % change, the last
// three complete months, the trailing 30 days, halves of a month, a store's own rate, follow-ups that
// change one thing), to be scored once as the next honest estimate of accuracy on phrasings nobody
// tuned for. Frozen: a change means a new block, not an edit.
const H8_SHA256 = "cbae63b6ab3d332d225aed59422ffc8c907084e6e0b4e62ff02160e1da84b2fd";

test("held-out block h8 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h8 = qs.filter((q) => q.block === "h8");
  assert.equal(h8.length, 100);
  assert.deepEqual(
    h8.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${894 + k}`),
  );
  const n = (e) => h8.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h8.filter((q) => q.user === u).length >= 15, u);
  for (const q of h8.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h8.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h8.filter((q) => q.follow_up_of).length >= 8);
  for (const q of h8.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h8", q.id);
  for (const q of h8.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h8.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h8");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H8_SHA256,
    "block h8 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h9 (q994-q1093) was written like h3-h8 - from DESIGN.md, the eval files and the
// data, without reading the product (copilot/, gateway/, web/, db/migrations, the semantic model, the
// planner's tests) and without running it or run.mjs - weighted towards everyday business questions
// (KPIs, shares, per-store and per-category breakdowns, top-N checked for ties, averages per X, two
// periods compared, relative time, named films / actors / countries, catalogue facts) in wording unlike
// h2-h8 (lower case and typos, British and American spellings, long questions with several conditions,
// negations and exclusions, an explicit second part the product might drop, follow-ups that change one
// thing), 20 questions per seed user, to be scored once as the next honest estimate of accuracy on
// phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H9_SHA256 = "f0e43b6512ba80b0da2bac20b206c45fb79761d08adf989606514b96691c01e4";

test("held-out block h9 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h9 = qs.filter((q) => q.block === "h9");
  assert.equal(h9.length, 100);
  assert.deepEqual(
    h9.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${994 + k}`),
  );
  const n = (e) => h9.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h9.filter((q) => q.user === u).length >= 19, u);
  for (const q of h9.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h9.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h9.filter((q) => q.follow_up_of).length >= 8);
  for (const q of h9.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h9", q.id);
  for (const q of h9.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h9.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h9");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H9_SHA256,
    "block h9 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h10 (q1094-q1193) was written like h3-h9 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, common/, db/,
// bench/, e2e/, contracts/, scripts/, the semantic model, rules.json, the planner's tests) and without
// running it, the planner, the gateway or run.mjs - weighted towards everyday business questions
// (KPIs for a period, breakdowns, top / bottom N checked for ties, averages per X, shares, two periods
// compared, relative time, named films / actors / countries, catalogue facts) in wording unlike h2-h9
// (the condition or the period first, questions inside a longer sentence, abbreviations such as rev,
// qty, avg, mo, w/, w/o, vs., #, "give me a table of", "split by", "rank ... from worst to best",
// halves of June, weekends vs weekdays, before noon, negation and "either ... or", an explicit second
// part the product could drop), 20 questions per seed user; every gold was checked by a second
// formulation written differently (75/75 agree). To be scored once as the next honest estimate of
// accuracy on phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H10_SHA256 = "8b00f81dfd3d3f85c8a79708d5b7d63762040ebc1c33502b27398b01251922c4";

test("held-out block h10 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h10 = qs.filter((q) => q.block === "h10");
  assert.equal(h10.length, 100);
  assert.deepEqual(
    h10.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1094 + k}`),
  );
  const n = (e) => h10.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h10.filter((q) => q.user === u).length >= 19, u);
  for (const q of h10.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h10.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h10.filter((q) => q.follow_up_of).length >= 8);
  for (const q of h10.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h10", q.id);
  for (const q of h10.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h10.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h10");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H10_SHA256,
    "block h10 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h11 (q1194-q1293) was written like h3-h10 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, common/, db/,
// bench/, e2e/, contracts/, scripts/, the semantic model, rules.json, the planner's tests) and without
// running it, the planner, the gateway or run.mjs - weighted towards everyday business questions
// (KPIs for a period, breakdowns, top / bottom N checked for ties, averages per X, shares, two periods
// compared, relative time, named films / actors / countries, catalogue facts) in wording unlike h2-h10
// (the condition or the period first, questions inside a longer sentence, abbreviations such as rev,
// #, avg, w/, vs., no., "give me a table of", "split by", "rank ... from worst to best", "bottom 3",
// "150 titles or more", "more than double", halves of June, July and August, weekends vs weekdays,
// before noon, set differences and "either ... or", an explicit second part the product could drop),
// 20 questions per seed user; every gold was checked by a second formulation written differently
// (75/75 agree). To be scored once as the next honest estimate of accuracy on phrasings nobody tuned
// for. Frozen: a change means a new block, not an edit.
const H11_SHA256 = "139641e1337dc570d61eac29a814fb7759e7c8427905a7510e7285d816321804";

test("held-out block h11 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h11 = qs.filter((q) => q.block === "h11");
  assert.equal(h11.length, 100);
  assert.deepEqual(
    h11.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1194 + k}`),
  );
  const n = (e) => h11.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h11.filter((q) => q.user === u).length >= 19, u);
  for (const q of h11.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h11.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h11.filter((q) => q.follow_up_of).length >= 8);
  for (const q of h11.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h11", q.id);
  for (const q of h11.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h11.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h11");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H11_SHA256,
    "block h11 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h12 (q1294-q1393) was written like h3-h11 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, common/, db/,
// bench/, e2e/, contracts/, scripts/, the semantic model, rules.json, the planner's tests) and without
// running it, the planner, the gateway or run.mjs - weighted towards everyday business questions
// (KPIs for a period, breakdowns, top / bottom N checked for ties, averages per head, shares, two
// periods compared, month-on-month changes, year to date, relative time, named films / actors /
// languages / countries, catalogue facts) in wording unlike h2-h11 (polite and verbose requests, the
// ask buried at the end, typos, odd capitals, UK spellings, numbers in words, "a fortnight", "the last
// 3 weeks", "per head", "top-grossing", "how does X compare with Y", "what proportion", "bottom five",
// "did store 1 or store 2 ...", set differences and intersections, an explicit second part the
// product could drop), 20 questions per seed user; every gold was checked by a second formulation
// written differently (75/75 agree). To be scored once as the next honest estimate of accuracy on
// phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H12_SHA256 = "cd67d613c9d66152b37793431153cdb18c331f38ec3a2e6a13cca4fffa64cc44";

test("held-out block h12 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h12 = qs.filter((q) => q.block === "h12");
  assert.equal(h12.length, 100);
  assert.deepEqual(
    h12.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1294 + k}`),
  );
  const n = (e) => h12.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h12.filter((q) => q.user === u).length >= 19, u);
  for (const q of h12.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h12.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h12.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h12.filter((q) => q.follow_up_of).length >= 8);
  for (const q of h12.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h12", q.id);
  for (const q of h12.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h12.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h12");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H12_SHA256,
    "block h12 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h13 (q1394-q1493) was written like h3-h12 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, common/, db/,
// bench/, e2e/, contracts/, scripts/, the semantic model, rules.json, the planner's tests) and without
// running it, the planner, the gateway or run.mjs - weighted towards everyday business questions
// (KPIs for a period, breakdowns per store / category / rating / quarter / week / weekday / hour /
// staff / country / language, top / bottom N checked for ties, averages, shares, two periods or two
// members compared, relative time such as "the past 6 weeks", "since Monday", "month-to-date", "last
// Saturday", named films / actors / countries, catalogue facts) in wording unlike h2-h12 (terse
// fragments, an explicit second part the product could drop, negations, lists, "X vs Y", "at least /
// no more than / never more than", units in minutes, hours and cents, ordinal and word numbers, typos
// in names, an odd form of a country), 20 questions per seed user; every gold was checked by a second
// formulation written differently (75/75 agree). To be scored once as the next honest estimate of
// accuracy on phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H13_SHA256 = "4cc5e7abd33f165f3bda9b3771c9bc299f22539397352c7573b1253a80980118";

test("held-out block h13 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h13 = qs.filter((q) => q.block === "h13");
  assert.equal(h13.length, 100);
  assert.deepEqual(
    h13.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1394 + k}`),
  );
  const n = (e) => h13.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h13.filter((q) => q.user === u).length >= 19, u);
  for (const q of h13.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h13.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h13.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h13.filter((q) => q.follow_up_of).length >= 8);
  for (const q of h13.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h13", q.id);
  for (const q of h13.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h13.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h13");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H13_SHA256,
    "block h13 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h14 (q1494-q1593) was written like h3-h13 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, common/, db/,
// bench/, e2e/, contracts/, scripts/, the semantic model, rules.json, the planner's tests) and without
// running it, the planner, the gateway or run.mjs - weighted towards everyday business questions
// (KPIs for a period, breakdowns per store / category / rating / month / week / weekday / hour /
// staff / country / language, top / bottom N checked for ties, averages, shares, two periods or two
// and three members compared, the % change, year to date, rolling windows, named films / actors /
// countries, catalogue facts) in wording unlike h2-h13 (shop-floor slang, units in words, typos in
// titles and names, HAVING on groups, negations and exclusions, set differences, lists, one figure
// then per store, the winner of a ranking with another attribute, two figures at once), 20 questions
// per seed user; every gold was checked by a second formulation written differently (75/75 agree).
// To be scored once as the next honest estimate of accuracy on phrasings nobody tuned for. Frozen: a
// change means a new block, not an edit.
const H14_SHA256 = "d5a200ad398b6340f9ab6bad357ecd1bb8ae74f0135cadaa349012f329856a52";

test("held-out block h14 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h14 = qs.filter((q) => q.block === "h14");
  assert.equal(h14.length, 100);
  assert.deepEqual(
    h14.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1494 + k}`),
  );
  const n = (e) => h14.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h14.filter((q) => q.user === u).length >= 19, u);
  for (const q of h14.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h14.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h14.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h14.filter((q) => q.follow_up_of).length >= 8);
  for (const q of h14.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h14", q.id);
  for (const q of h14.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h14.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h14");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H14_SHA256,
    "block h14 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h15 (q1594-q1693) was written like h3-h14 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, common/, db/,
// bench/, e2e/, contracts/, scripts/, the semantic model, rules.json, the planner's tests) and without
// running it, the planner, the gateway or run.mjs - weighted towards everyday business questions
// (KPIs for a period, breakdowns per store / category / rating / language / rental period / price
// point / month / quarter / day / hour / country / city, top / bottom N checked for ties, averages, a
// mode, shares, two periods or two and three members compared, the % change, year to date, rolling
// windows, named films / actors / countries, catalogue facts) in wording unlike h2-h14 (other verbs and
// nouns, context clauses before the ask, units and numbers in words, typos in titles and names, HAVING
// on actors / countries / hours, exclusions, lists, named days, the winner of a comparison with its
// figure, two figures at once, follow-ups that change one thing), 20 questions per seed user; every
// gold was checked by a second formulation written differently (75/75 agree). To be scored once as
// the next honest estimate of accuracy on phrasings nobody tuned for. Frozen: a change means a new
// block, not an edit.
const H15_SHA256 = "340b7e7bd130be3c986200e955ff8d84dce419e1d36653259492fd2cadb4ad90";

test("held-out block h15 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h15 = qs.filter((q) => q.block === "h15");
  assert.equal(h15.length, 100);
  assert.deepEqual(
    h15.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1594 + k}`),
  );
  const n = (e) => h15.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h15.filter((q) => q.user === u).length >= 19, u);
  for (const q of h15.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h15.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h15.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h15.filter((q) => q.follow_up_of).length >= 8);
  for (const q of h15.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h15", q.id);
  for (const q of h15.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h15.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h15");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H15_SHA256,
    "block h15 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h16 (q1694-q1793) was written like h3-h15 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, common/, db/,
// bench/, e2e/, contracts/, scripts/, the semantic model, rules.json, the planner's tests) and without
// running it, the planner, the gateway or run.mjs - weighted towards everyday business questions
// (KPIs for a period, breakdowns per store / category / rating / language / release year /
// replacement-cost band / month / Monday week / day / weekday / hour / staff / country / city, top /
// bottom N checked for ties, averages, a median, shares, two periods or two and three members
// compared, the % change and month-on-month, named windows, named films / actors / countries,
// catalogue facts) in wording unlike h2-h15 (other verbs and nouns, units and numbers in words, typos
// in titles and names, HAVING on cities / genres / films / customers / weeks, set differences and
// intersections, a value against the average, customers renting at the other store, first rentals, a
// pivot with a column per store, the sum of a top 10, bands, lists, two figures at once, follow-ups
// that change one thing), 20 questions per seed user; every gold was checked by a second formulation
// written differently (75/75 agree). To be scored once as the next honest estimate of accuracy on
// phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H16_SHA256 = "6077f6f976cb21e5076c57cc6bdada426a63806691fa8f8bec606e01705001bb";

test("held-out block h16 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h16 = qs.filter((q) => q.block === "h16");
  assert.equal(h16.length, 100);
  assert.deepEqual(
    h16.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1694 + k}`),
  );
  const n = (e) => h16.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h16.filter((q) => q.user === u).length >= 19, u);
  for (const q of h16.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h16.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h16.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h16.filter((q) => q.follow_up_of).length >= 8);
  for (const q of h16.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h16", q.id);
  for (const q of h16.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h16.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h16");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H16_SHA256,
    "block h16 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h17 (q1794-q1893) was written like h3-h16 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, common/, db/,
// bench/, e2e/, contracts/, scripts/, the semantic model, rules.json, the planner's tests) and without
// running it, the planner, the gateway or run.mjs - weighted towards everyday business questions
// (KPIs for a period, breakdowns per store / category / rating / language / rental rate / length band /
// month / Monday week / day / weekday / hour / staff / country, top N checked for ties, averages, a
// median, discs per title, shares, two periods or two members compared, the % change and the gap,
// named days and windows, named films / actors with typos, catalogue facts) in wording unlike h2-h16
// (other verbs and nouns, context framings before the ask, units and numbers in words, HAVING on genres /
// customers / countries / languages, set differences, bands, two figures at once, follow-ups that change
// one thing), 20 questions per seed user; every gold was checked by a second formulation written
// differently (75/75 agree). To be scored once as the next honest estimate of accuracy on phrasings
// nobody tuned for. Frozen: a change means a new block, not an edit.
const H17_SHA256 = "5120070ebf6afbb4e7865d15c053cf0c53d3bb39c0eaeae4fff96cfeab1808be";

test("held-out block h17 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h17 = qs.filter((q) => q.block === "h17");
  assert.equal(h17.length, 100);
  assert.deepEqual(
    h17.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1794 + k}`),
  );
  const n = (e) => h17.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h17.filter((q) => q.user === u).length >= 19, u);
  for (const q of h17.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h17.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h17.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h17.filter((q) => q.follow_up_of).length >= 10);
  for (const q of h17.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h17", q.id);
  for (const q of h17.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h17.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h17");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H17_SHA256,
    "block h17 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h18 (q1894-q1993) was written like h3-h17 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, common/, db/,
// bench/, e2e/, contracts/, scripts/, the semantic model, rules.json, the planner's tests) and without
// running it, the planner, the gateway or run.mjs - weighted towards everyday business questions
// (KPIs for a period, breakdowns per store / category / rating / language / weekday / day / staff, top N
// and the one at the top or bottom checked for ties, averages per day / customer / payment, medians,
// shares, two periods or two members compared with the gap or the % change, named days and windows,
// named films / actors / categories / countries with typos, catalogue facts) and towards the classes
// where part of a question is easily dropped (conditions with units, HAVING on groups, negation and
// lists, one total vs per store, two figures at once, follow-ups that change one thing), in wording
// unlike h2-h17, 20 questions per seed user; every gold was checked by a second formulation written
// differently (75/75 agree). To be scored once as the next honest estimate of accuracy on phrasings
// nobody tuned for. Frozen: a change means a new block, not an edit.
const H18_SHA256 = "3116c6d259d97d330b1cec60c55e1119965a98b9b611933be65a4555e0d7af99";

test("held-out block h18 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h18 = qs.filter((q) => q.block === "h18");
  assert.equal(h18.length, 100);
  assert.deepEqual(
    h18.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1894 + k}`),
  );
  const n = (e) => h18.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h18.filter((q) => q.user === u).length >= 19, u);
  for (const q of h18.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h18.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h18.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h18.filter((q) => q.follow_up_of).length >= 10);
  for (const q of h18.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h18", q.id);
  for (const q of h18.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h18.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h18");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H18_SHA256,
    "block h18 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h19 (q1994-q2093) was written like h3-h18 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, web/, lib*, db/semantic*,
// any C++ source) and without running it, the gateway or run.mjs - weighted towards everyday business
// questions and towards the classes where part of a question is easily dropped (conditions with units in
// hours, minutes, dollars, cents and bucks, HAVING on groups, negation and lists, misspelt films, actors,
// a country and a city, a named film's attributes, members and periods side by side with the gap, the
// lead, the shortfall or the % change, halves, quarters and rolling windows, one total vs per store, two
// figures at once, rankings with a cut-off checked for ties, shares, follow-ups that change one thing), in
// wording unlike h2-h18, 20 questions per seed user; every gold was checked by a second formulation
// written differently (75/75 agree). To be scored once as the next honest estimate of accuracy on
// phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H19_SHA256 = "39dca7b6365a3cafef4ada94b949cc19a999e58749889bee8de5d2b02e5515d1";

test("held-out block h19 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h19 = qs.filter((q) => q.block === "h19");
  assert.equal(h19.length, 100);
  assert.deepEqual(
    h19.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${1994 + k}`),
  );
  const n = (e) => h19.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.ok(h19.filter((q) => q.user === u).length >= 19, u);
  for (const q of h19.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h19.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h19.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h19.filter((q) => q.follow_up_of).length >= 10);
  for (const q of h19.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h19", q.id);
  for (const q of h19.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h19.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h19");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H19_SHA256,
    "block h19 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h20 (q2094-q2193) was written like h3-h19 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/) and without running it, the gateway or run.mjs - weighted towards question shapes no
// earlier block used (a member's place in a ranking, running totals, the gap between the best and the
// worst period, ratios, one measure as a % of another, per-copy and per-title rates, distributions of
// counts, exactly-N conditions, several statistics or figures in one line, a date looked up, disc extras,
// words inside titles, films with no cast, discs never rented, same-day returns, the past 24 hours, a named
// holiday, set differences both ways, the share of the catalogue a store carries), in wording unlike
// h2-h19, 20 questions per seed user; every gold was checked by a second formulation written differently
// (75/75 agree). To be scored once as the next honest estimate of accuracy on phrasings nobody tuned for.
// Frozen: a change means a new block, not an edit.
const H20_SHA256 = "1b6eefc58fd6d8c85b04fb171cc107ba690153b728a43f95e6ac0cc6ccc3d35a";

test("held-out block h20 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h20 = qs.filter((q) => q.block === "h20");
  assert.equal(h20.length, 100);
  assert.deepEqual(
    h20.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2094 + k}`),
  );
  const n = (e) => h20.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h20.filter((q) => q.user === u).length, 20, u);
  for (const q of h20.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h20.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h20.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h20.filter((q) => q.follow_up_of).length >= 10);
  for (const q of h20.filter((x) => x.follow_up_of)) assert.equal(qs.find((p) => p.id === q.follow_up_of).block, "h20", q.id);
  for (const q of h20.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h20.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h20");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H20_SHA256,
    "block h20 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h21 (q2194-q2293) was written like h3-h20 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/, any C++ source) and without running it, the gateway or run.mjs - weighted towards the
// everyday mix an admin, a store manager, a marketer and a finance person type on a normal day (counts and
// totals over named months, quarters, halves, last week / month, year to date and the last N days,
// conditions with units in minutes, hours, dollars and bucks, HAVING on groups, negation and lists,
// misspelt films, an actor, a country and a city, a named film's attributes, two members or two periods
// side by side with the gap or the % change, top / bottom N with a cut-off checked for ties, per store
// against one total, shares, averages, follow-ups that refine), in wording unlike h2-h20 (checked with a
// word-trigram search), 20 questions per seed user; every gold was checked by a second formulation written
// differently (75/75 agree). To be scored once as the next honest estimate of accuracy on phrasings nobody
// tuned for. Frozen: a change means a new block, not an edit.
const H21_SHA256 = "dfd800937e9da1a8108854f5686b9b4b10cfed863ff5ca53fa39407af5c0378b";

test("held-out block h21 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h21 = qs.filter((q) => q.block === "h21");
  assert.equal(h21.length, 100);
  assert.deepEqual(
    h21.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2194 + k}`),
  );
  const n = (e) => h21.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h21.filter((q) => q.user === u).length, 20, u);
  const per = (u, e) => h21.filter((q) => q.user === u && q.expect === e).length;
  assert.deepEqual(
    USERS.map((u) => [per(u, "answer"), per(u, "refusal"), per(u, "clarification")]),
    [[15, 2, 3], [15, 3, 2], [15, 2, 3], [15, 2, 3], [15, 3, 2]],
  );
  for (const q of h21.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h21.filter((q) => q.category === "out_of_domain").length >= 4);
  assert.ok(h21.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h21.filter((q) => q.follow_up_of).length >= 12);
  for (const q of h21.filter((x) => x.follow_up_of)) {
    const p = qs.find((x) => x.id === q.follow_up_of);
    assert.equal(p.block, "h21", q.id);
    assert.equal(p.user, q.user, q.id);
  }
  for (const q of h21.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h21.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h21");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H21_SHA256,
    "block h21 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h22 (q2294-q2393) was written like h3-h21 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/, any C++ source) and without running it, the gateway or run.mjs - weighted, like h21, towards
// the everyday mix an admin, a store manager, a marketer and a finance person type on a normal day (counts
// and totals over named days, months, quarters, halves, last week / month, year to date, yesterday and the
// last N days, conditions in minutes, hours, dollars and cents, HAVING on groups, negation and lists,
// misspelt films, actors, countries and a city, a named film's attributes, an actor's films, two members or
// two periods side by side with the difference, the gap or the % change, top / bottom N with a cut-off
// checked for ties, per store against one total, shares, averages, follow-ups that refine), in wording
// unlike h2-h21 (checked with a word-trigram search), 20 questions per seed user; every gold was checked by
// a second formulation written differently (75/75 agree). To be scored once as the next honest estimate of
// accuracy on phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H22_SHA256 = "38f9e52495462b4ad6e639552568cd20749b787bde6b985ffbdebafa17dbbb43";

test("held-out block h22 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h22 = qs.filter((q) => q.block === "h22");
  assert.equal(h22.length, 100);
  assert.deepEqual(
    h22.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2294 + k}`),
  );
  const n = (e) => h22.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h22.filter((q) => q.user === u).length, 20, u);
  const per = (u, e) => h22.filter((q) => q.user === u && q.expect === e).length;
  assert.deepEqual(
    USERS.map((u) => [per(u, "answer"), per(u, "refusal"), per(u, "clarification")]),
    [[15, 2, 3], [15, 3, 2], [15, 2, 3], [15, 2, 3], [15, 3, 2]],
  );
  for (const q of h22.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h22.filter((q) => q.category === "out_of_domain").length >= 5);
  assert.ok(h22.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h22.filter((q) => q.follow_up_of).length >= 12);
  for (const q of h22.filter((x) => x.follow_up_of)) {
    const p = qs.find((x) => x.id === q.follow_up_of);
    assert.equal(p.block, "h22", q.id);
    assert.equal(p.user, q.user, q.id);
  }
  for (const q of h22.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h22.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h22");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H22_SHA256,
    "block h22 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h23 (q2394-q2493) was written like h3-h22 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/, any C++ source) and without running it, the gateway or run.mjs - weighted, like h21 and h22,
// towards the everyday mix an admin, a store manager, a marketer and a finance person type on a normal day,
// this time with two conditions at once (a category and a length bound, a rating and a day, a period, a
// store and a threshold), "how many of those" follow-ups, rankings with a filter, averages per group and
// small words that change the answer (not, only, except, at least, per, each, combined), over named days,
// months, quarters, H1, this week / month so far, last week / month, year to date, yesterday and the last N
// days, conditions in minutes, hours, dollars and cents, HAVING on groups, negation and lists, misspelt
// films, actors, a category, countries and a city, two members or two periods side by side with the
// difference, the gap or the % change, top N with a cut-off checked for ties, per store against one total,
// shares, follow-ups that refine), in wording unlike h2-h22 (checked with a word-trigram search), 20
// questions per seed user; every gold was checked by a second formulation written differently (75/75
// agree). To be scored once as the next honest estimate of accuracy on phrasings nobody tuned for.
// Frozen: a change means a new block, not an edit.
const H23_SHA256 = "c541d3353a7c3c299a138872de40a79a8984d8701af6e8852f02f7c2cfb8d6ce";

test("held-out block h23 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h23 = qs.filter((q) => q.block === "h23");
  assert.equal(h23.length, 100);
  assert.deepEqual(
    h23.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2394 + k}`),
  );
  const n = (e) => h23.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h23.filter((q) => q.user === u).length, 20, u);
  const per = (u, e) => h23.filter((q) => q.user === u && q.expect === e).length;
  assert.deepEqual(
    USERS.map((u) => [per(u, "answer"), per(u, "refusal"), per(u, "clarification")]),
    [[15, 2, 3], [15, 3, 2], [15, 2, 3], [15, 2, 3], [15, 3, 2]],
  );
  for (const q of h23.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h23.filter((q) => q.category === "out_of_domain").length >= 5);
  assert.ok(h23.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h23.filter((q) => q.follow_up_of).length >= 12);
  for (const q of h23.filter((x) => x.follow_up_of)) {
    const p = qs.find((x) => x.id === q.follow_up_of);
    assert.equal(p.block, "h23", q.id);
    assert.equal(p.user, q.user, q.id);
  }
  for (const q of h23.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h23.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h23");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H23_SHA256,
    "block h23 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h24 (q2494-q2593) was written like h3-h23 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/, any C++ source) and without running it, the gateway or run.mjs - weighted, like h21-h23,
// towards the everyday mix an admin, a store manager, a marketer and a finance person type on a normal
// day, this time towards answers that hinge on one small word or phrase (only, except, never, still, at
// most, no more than, fewer than, per, each, both, either, combined, overall, apiece, on average), two
// conditions at once, follow-ups that change one thing (another day, the opposite rating, another country,
// another genre, a store of the set, a breakdown by rating, "how many of those"), named films and actors
// (some misspelt), two members or two periods compared with the difference, the gap or the % change,
// rankings with a filter and a cut-off checked for ties, per-group averages and HAVING conditions with
// units (minutes, hours, days, dollars, cents), shares, and named days, weeks, months, quarters, halves,
// year to date, the last N days, yesterday and this week / month so far, in wording unlike h2-h23
// (checked with a word-trigram and a 4-gram search), 20 questions per seed user; every gold was checked by
// a second formulation written differently (75/75 agree). To be scored once as the next honest estimate of
// accuracy on phrasings nobody tuned for. Frozen: a change means a new block, not an edit.
const H24_SHA256 = "f8bfb914f704d78a6dd06097e731a207ada91c54c1e3891319b1b498cab1d5d9";

test("held-out block h24 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h24 = qs.filter((q) => q.block === "h24");
  assert.equal(h24.length, 100);
  assert.deepEqual(
    h24.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2494 + k}`),
  );
  const n = (e) => h24.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h24.filter((q) => q.user === u).length, 20, u);
  const per = (u, e) => h24.filter((q) => q.user === u && q.expect === e).length;
  assert.deepEqual(
    USERS.map((u) => [per(u, "answer"), per(u, "refusal"), per(u, "clarification")]),
    [[15, 2, 3], [15, 3, 2], [15, 2, 3], [15, 2, 3], [15, 3, 2]],
  );
  for (const q of h24.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h24.filter((q) => q.category === "out_of_domain").length >= 5);
  assert.ok(h24.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h24.filter((q) => q.follow_up_of).length >= 12);
  for (const q of h24.filter((x) => x.follow_up_of)) {
    const p = qs.find((x) => x.id === q.follow_up_of);
    assert.equal(p.block, "h24", q.id);
    assert.equal(p.user, q.user, q.id);
  }
  for (const q of h24.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h24.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h24");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H24_SHA256,
    "block h24 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h25 (q2594-q2693) was written like h3-h24 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/, any C++ source) and without running it, the gateway or run.mjs - weighted, like h21-h24,
// towards the everyday mix an admin, a store manager, a marketer and a finance person type on a normal
// day, this time towards answers that depend on every part of the sentence (two or three conditions at
// once), exclusions in varied wording (not counting, apart from, leaving out, excluding, everything but,
// other than, minus), two members or two periods compared (the one ahead and by how much, the gap, the %
// change), rankings with a filter and a cut-off checked for ties, per-group averages and HAVING conditions
// with units (minutes, hours, dollars), shares, lookups of named films, actors and customers by id (eight
// names misspelt), counts of the rows just shown, follow-ups that change exactly one thing, and named days
// and weeks, halves of a month, months, quarters, H1, YTD, the last 7 days, yesterday, last week, this
// quarter and this month so far, in wording unlike h2-h24 (checked with a word-trigram and a 4-gram
// search), 20 questions per seed user; every gold was checked by a second formulation written differently
// (75/75 agree). To be scored once as the next honest estimate of accuracy on phrasings nobody tuned for.
// Frozen: a change means a new block, not an edit.
const H25_SHA256 = "3e5c4289a1edafbd7a785781194bc1c6c17d498c6982c9c4f91d84a155240b6b";

test("held-out block h25 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h25 = qs.filter((q) => q.block === "h25");
  assert.equal(h25.length, 100);
  assert.deepEqual(
    h25.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2594 + k}`),
  );
  const n = (e) => h25.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h25.filter((q) => q.user === u).length, 20, u);
  const per = (u, e) => h25.filter((q) => q.user === u && q.expect === e).length;
  assert.deepEqual(
    USERS.map((u) => [per(u, "answer"), per(u, "refusal"), per(u, "clarification")]),
    [[15, 2, 3], [15, 3, 2], [15, 2, 3], [15, 2, 3], [15, 3, 2]],
  );
  for (const q of h25.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h25.filter((q) => q.category === "out_of_domain").length >= 5);
  assert.ok(h25.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h25.filter((q) => q.follow_up_of).length >= 12);
  for (const q of h25.filter((x) => x.follow_up_of)) {
    const p = qs.find((x) => x.id === q.follow_up_of);
    assert.equal(p.block, "h25", q.id);
    assert.equal(p.user, q.user, q.id);
  }
  for (const q of h25.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h25.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h25");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H25_SHA256,
    "block h25 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h26 (q2694-q2793) was written like h3-h25 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/, contracts/, any C++ source) and without running it, the gateway or run.mjs - weighted, like
// h21-h25, towards the everyday mix an admin, a store manager, a marketer and a finance person type on a
// normal day, this time towards questions where every part of the sentence matters: follow-ups that add
// up or combine what was just listed, narrow it to one row or swap one thing (a store, a month, a quarter,
// the measure), customers' home store against the store they rented from, lookups of named films, actors
// and customers by id (eleven names misspelt), conditions with units (hours and minutes, cents and
// dollars, at least, no more than, between ... and ...), exclusions and lists, periods compared with the
// difference and the % change (months, weeks, halves of a month, quarters, named days), stores compared
// within scope, shares and averages per group, HAVING conditions, and rankings checked for ties at the
// cut-off, in wording unlike h2-h25 (checked with a word-trigram and a 4-gram search), 20 questions per
// seed user; every gold was checked by a second formulation written differently (75/75 agree). To be
// scored once as the next honest estimate of accuracy on phrasings nobody tuned for. Frozen: a change
// means a new block, not an edit.
const H26_SHA256 = "134584a90efddafaa321f01f2a5cb865520a13dcf255b22da01c847883d55c21";

test("held-out block h26 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h26 = qs.filter((q) => q.block === "h26");
  assert.equal(h26.length, 100);
  assert.deepEqual(
    h26.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2694 + k}`),
  );
  const n = (e) => h26.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h26.filter((q) => q.user === u).length, 20, u);
  const per = (u, e) => h26.filter((q) => q.user === u && q.expect === e).length;
  assert.deepEqual(
    USERS.map((u) => [per(u, "answer"), per(u, "refusal"), per(u, "clarification")]),
    [[15, 2, 3], [15, 3, 2], [15, 2, 3], [15, 2, 3], [15, 3, 2]],
  );
  for (const q of h26.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h26.filter((q) => q.category === "out_of_domain").length >= 5);
  assert.ok(h26.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h26.filter((q) => q.follow_up_of).length >= 15);
  for (const q of h26.filter((x) => x.follow_up_of)) {
    const p = qs.find((x) => x.id === q.follow_up_of);
    assert.equal(p.block, "h26", q.id);
    assert.equal(p.user, q.user, q.id);
  }
  for (const q of h26.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h26.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h26");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H26_SHA256,
    "block h26 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h27 (q2794-q2893) was written like h3-h26 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/, contracts/, any C++ source) and without running it, the gateway or run.mjs - weighted, like
// h21-h26, towards the everyday mix an admin, a store manager, a marketer and a finance person type on a
// normal day, this time towards questions where every part of the sentence changes the answer: two or
// three conditions at once, exclusions, conditions with units (hours and minutes, cents and dollars,
// strict and inclusive bounds) and HAVING conditions per group; rolling windows (the last 24 hours, the
// past 3 days, the past fortnight, the last 30 days and the 30 before them), named days, weekends and
// weeks, quarters, H1, YTD and "since <date>", two periods compared with the difference and the % change;
// lookups of named films, actors and customers by id, two facts at once (ten names misspelt); follow-ups
// that change exactly one thing, narrow, count or switch the measure; rankings and bottom N checked for
// ties; shares and averages per group; stores compared within scope; customers' home store against the
// store of the rental, in wording unlike h2-h26 (checked with a word-trigram and a 4-gram search), 20
// questions per seed user; every gold was checked by a second formulation written differently (75/75
// agree). To be scored once as the next honest estimate of accuracy on phrasings nobody tuned for.
// Frozen: a change means a new block, not an edit.
const H27_SHA256 = "28df185dfecda96737eab8a7f76d737a4ac487dca9ab413701ffd6cc27f4aa52";

test("held-out block h27 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h27 = qs.filter((q) => q.block === "h27");
  assert.equal(h27.length, 100);
  assert.deepEqual(
    h27.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2794 + k}`),
  );
  const n = (e) => h27.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h27.filter((q) => q.user === u).length, 20, u);
  const per = (u, e) => h27.filter((q) => q.user === u && q.expect === e).length;
  assert.deepEqual(
    USERS.map((u) => [per(u, "answer"), per(u, "refusal"), per(u, "clarification")]),
    [[15, 2, 3], [15, 3, 2], [15, 2, 3], [15, 2, 3], [15, 3, 2]],
  );
  for (const q of h27.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h27.filter((q) => q.category === "out_of_domain").length >= 5);
  assert.ok(h27.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h27.filter((q) => q.follow_up_of).length >= 15);
  for (const q of h27.filter((x) => x.follow_up_of)) {
    const p = qs.find((x) => x.id === q.follow_up_of);
    assert.equal(p.block, "h27", q.id);
    assert.equal(p.user, q.user, q.id);
  }
  for (const q of h27.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h27.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h27");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H27_SHA256,
    "block h27 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h28 (q2894-q2993) was written like h3-h27 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/, contracts/, any C++ source) and without running it, the gateway or run.mjs - weighted, like
// h21-h27, towards the everyday mix an admin, a store manager, a marketer and a finance person type on a
// normal day, this time with about half of it plain everyday questions: counts and totals with one or two
// conditions, lookups of a named film and of an actor's films, top N and bottom N, per-store and
// per-month breakdowns, two named members side by side, two periods compared with the difference and the
// % change, quarters, halves and YTD, one total against a per-store split, negation and lists, units
// (hours, minutes, cents, dollars) and HAVING conditions per group; the other half harder: several
// conditions at once, nine misspelt names (four films, three actors, a category, a country), slang and
// synonyms, unusual word order, terse fragments and follow-ups that change one thing (the period, the
// store, the filter, the measure), in wording unlike h2-h27 (checked with a word-trigram and a 4-gram
// search), 20 questions per seed user; every gold was checked by a second formulation written
// differently (75/75 agree). To be scored once as the next honest estimate of accuracy on phrasings
// nobody tuned for. Frozen: a change means a new block, not an edit.
const H28_SHA256 = "f66f56b9cb3fdb7122ec9445faf84f09dadcf9e844d3111275cea3b5fe7613ae";

test("held-out block h28 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h28 = qs.filter((q) => q.block === "h28");
  assert.equal(h28.length, 100);
  assert.deepEqual(
    h28.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2894 + k}`),
  );
  const n = (e) => h28.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h28.filter((q) => q.user === u).length, 20, u);
  const per = (u, e) => h28.filter((q) => q.user === u && q.expect === e).length;
  assert.deepEqual(
    USERS.map((u) => [per(u, "answer"), per(u, "refusal"), per(u, "clarification")]),
    [[15, 2, 3], [15, 3, 2], [15, 2, 3], [15, 2, 3], [15, 3, 2]],
  );
  for (const q of h28.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h28.filter((q) => q.category === "out_of_domain").length >= 5);
  assert.ok(h28.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h28.filter((q) => q.follow_up_of).length >= 15);
  for (const q of h28.filter((x) => x.follow_up_of)) {
    const p = qs.find((x) => x.id === q.follow_up_of);
    assert.equal(p.block, "h28", q.id);
    assert.equal(p.user, q.user, q.id);
  }
  for (const q of h28.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h28.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h28");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H28_SHA256,
    "block h28 is frozen: do not edit its questions; add a new block instead",
  );
});

// The held-out block h29 (q2994-q3093) was written like h3-h28 - from DESIGN.md, STYLE.md, the eval
// files and the data only, without reading the product (copilot/, gateway/, common/, web/, db/, scripts/,
// bench/, e2e/, contracts/, any C++ source) and without running it, the gateway or run.mjs - weighted, like
// h21-h28, towards the everyday mix an admin, a store manager, a marketer and a finance person type on a
// normal day, again with about half of it plain everyday questions: counts and totals with one or two
// conditions, lookups of a named film or actor, top N and bottom N, per-store, per-month and per-week
// breakdowns, two named members side by side, two periods compared with the difference and the % change,
// negation and lists, units (hours, minutes, cents, dollars) and HAVING conditions per group; the other
// half harder: several conditions at once, nine misspelt names (four films, three actors, a category, a
// country), slang and synonyms, unusual word order, terse fragments and follow-ups that change one thing
// (the period, the store, the filter, the measure), in wording unlike h2-h28 (checked with a word-trigram
// and a 4-gram search), 20 questions per seed user; every gold was checked by a second formulation written
// differently (75/75 agree). To be scored once as the next honest estimate of accuracy on phrasings
// nobody tuned for. Frozen: a change means a new block, not an edit.
const H29_SHA256 = "534999b68b50b7e8a7edbfe192143a482d161b6825fc691891457145b665f215";

test("held-out block h29 is contiguous, well formed and frozen", async () => {
  const { createHash } = await import("node:crypto");
  const h29 = qs.filter((q) => q.block === "h29");
  assert.equal(h29.length, 100);
  assert.deepEqual(
    h29.map((q) => q.id),
    Array.from({ length: 100 }, (_, k) => `q${2994 + k}`),
  );
  const n = (e) => h29.filter((q) => q.expect === e).length;
  assert.deepEqual([n("answer"), n("refusal"), n("clarification")], [75, 12, 13]);
  for (const u of USERS) assert.equal(h29.filter((q) => q.user === u).length, 20, u);
  const per = (u, e) => h29.filter((q) => q.user === u && q.expect === e).length;
  assert.deepEqual(
    USERS.map((u) => [per(u, "answer"), per(u, "refusal"), per(u, "clarification")]),
    [[15, 2, 3], [15, 3, 2], [15, 2, 3], [15, 2, 3], [15, 3, 2]],
  );
  for (const q of h29.filter((x) => x.category === "out_of_domain"))
    assert.match(q.notes, /^out of domain: must be declined, not answered/, q.id);
  assert.ok(h29.filter((q) => q.category === "out_of_domain").length >= 5);
  assert.ok(h29.filter((q) => q.category === "out_of_domain" && q.follow_up_of).length >= 2);
  assert.ok(h29.filter((q) => q.follow_up_of).length >= 15);
  for (const q of h29.filter((x) => x.follow_up_of)) {
    const p = qs.find((x) => x.id === q.follow_up_of);
    assert.equal(p.block, "h29", q.id);
    assert.equal(p.user, q.user, q.id);
  }
  for (const q of h29.filter((x) => x.gold_sql)) assert.ok(!/\bv_\w+/.test(q.gold_sql), `${q.id} uses a project view`);
  for (const q of h29.filter((x) => x.expect === "answer")) assert.ok(q.notes, `${q.id} states its definitions in notes`);
  const lines = text.split("\n").filter((l) => l && JSON.parse(l).block === "h29");
  assert.equal(
    createHash("sha256").update(lines.join("\n")).digest("hex"),
    H29_SHA256,
    "block h29 is frozen: do not edit its questions; add a new block instead",
  );
});
