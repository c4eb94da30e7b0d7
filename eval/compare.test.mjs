// node --test eval/  (no dependencies)
import test from "node:test";
import assert from "node:assert/strict";
import { compareResult, norm } from "./compare.mjs";

const g = (cols, rows) => ({ columns: cols.map((name) => ({ name, type: "x" })), rows });

test("norm: numbers, dates, timestamps, weekdays, booleans", () => {
  assert.equal(norm("12.50"), 12.5);
  assert.equal(norm(" 7 "), 7);
  assert.equal(norm("2022-07-01 00:00:00+00"), "2022-07-01");
  assert.equal(norm("2022-07-01T00:00:00.000Z"), "2022-07-01");
  assert.equal(norm("2022-07-01T02:00:00+02:00"), "2022-07-01");
  assert.equal(norm("2022-07"), "2022-07-01");
  assert.equal(norm("2022-07-01 10:30:00+00"), "2022-07-01T10:30:00Z");
  assert.equal(norm("Monday"), "dow:1");
  assert.equal(norm("sun"), "dow:7");
  assert.equal(norm(true), 1);
  assert.equal(norm("  Sci-Fi "), "sci-fi");
  assert.equal(norm(null), null);
});

test("single value within 0.01", () => {
  assert.ok(compareResult(g(["revenue"], [[67416.51]]), g(["total"], [[67416.514]])).ok);
  assert.ok(compareResult(g(["avg"], [[4.2006673]]), g(["a"], [["4.20"]])).ok);
  assert.ok(!compareResult(g(["avg"], [[4.2006673]]), g(["a"], [[4.22]])).ok);
});

test("multiset rows unless order matters", () => {
  const gold = g(["store_id", "revenue"], [[1, 10], [2, 20]]);
  const ans = g(["store", "rev"], [[2, 20], [1, 10]]);
  assert.ok(compareResult(gold, ans).ok);
  assert.ok(!compareResult(gold, ans, { orderMatters: true }).ok);
  assert.ok(compareResult(gold, g(["s", "r"], [[1, 10], [2, 20]]), { orderMatters: true }).ok);
});

test("columns in another order, extra columns allowed unless strict", () => {
  const gold = g(["title", "rentals"], [["A", 3], ["B", 2]]);
  const swapped = g(["rentals", "title"], [[3, "a"], [2, "b"]]);
  assert.ok(compareResult(gold, swapped, { orderMatters: true }).ok);
  const extra = g(["film_id", "title", "rentals"], [[10, "A", 3], [11, "B", 2]]);
  assert.ok(compareResult(gold, extra, { orderMatters: true }).ok);
  assert.ok(!compareResult(gold, extra, { strictColumns: true }).ok);
});

test("row count and missing column", () => {
  const gold = g(["title", "rentals"], [["A", 3], ["B", 2]]);
  assert.match(compareResult(gold, g(["t", "r"], [["A", 3]])).why, /row count/);
  assert.match(compareResult(gold, g(["t", "r"], [["A", 3], ["B", 5]])).why, /column 2/);
  assert.match(compareResult(gold, g(["t"], [["A"], ["B"]])).why, /column/);
});

test("values must line up row by row, not only per column", () => {
  const gold = g(["store", "n"], [[1, 10], [2, 20]]);
  assert.ok(!compareResult(gold, g(["s", "n"], [[1, 20], [2, 10]])).ok);
});

test("percent gold vs fraction answer; weekday names vs numbers; months as timestamps", () => {
  assert.ok(compareResult(g(["share"], [[49.97]]), g(["s"], [[0.49968]])).ok);
  const dow = g(["day", "n"], [["Monday", 5], ["Sunday", 7]]);
  assert.ok(compareResult(dow, g(["isodow", "n"], [[1, 5], [7, 7]])).ok);
  assert.ok(compareResult(dow, g(["dow", "n"], [[1, 5], [0, 7]])).ok);
  assert.ok(!compareResult(dow, g(["dow", "n"], [[2, 5], [0, 7]])).ok);
  const month = g(["month", "rev"], [["2022-06-01", 1], ["2022-07-01", 2]]);
  assert.ok(compareResult(month, g(["m", "r"], [["2022-07-01T00:00:00+00:00", 2], ["2022-06-01 00:00:00+00", 1]])).ok);
});

test("tolerance matching with near-equal rows", () => {
  const gold = g(["k", "v"], [["a", 1.0], ["a", 1.015]]);
  assert.ok(compareResult(gold, g(["k", "v"], [["a", 1.012], ["a", 1.004]])).ok);
});

test("members in gold columns match one row per member, each on its own column", () => {
  const wide = g(["weekend", "weekday"], [[1396.7, 4154.25]]);
  assert.ok(compareResult(wide, g(["day_type", "revenue"], [["weekday", 4154.25], ["Weekend", 1396.7]])).ok);
  // the same two figures on the wrong members are wrong
  assert.ok(!compareResult(wide, g(["day_type", "revenue"], [["weekday", 1396.7], ["weekend", 4154.25]])).ok);
  // a label that names no gold column is not a pivot
  assert.ok(!compareResult(wide, g(["day_type", "revenue"], [["weekday", 4154.25], ["holiday", 1396.7]])).ok);
  const perStore = g(["store_id", "active", "inactive"], [[1, 318, 8], [2, 266, 7]]);
  const rows = [[1, "active", 318], [1, "inactive", 8], [2, "active", 266], [2, "inactive", 7]];
  assert.ok(compareResult(perStore, g(["store_id", "status", "customers"], rows)).ok);
  rows[2][2] = 7;
  rows[3][2] = 266;
  assert.ok(!compareResult(perStore, g(["store_id", "status", "customers"], rows)).ok);
  // two figures for one member in one group cannot be pivoted
  assert.ok(!compareResult(wide, g(["day_type", "revenue"], [["weekday", 4154.25], ["weekday", 1396.7]])).ok);
});
