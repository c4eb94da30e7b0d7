// The CSV download: spreadsheet formulas are defused in text, numbers stay numbers only where
// the column is numeric.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadTs } from "./load-ts.mjs";

const { toCsv } = await loadTs("lib/csv.ts");

const rows = (csv) => csv.trimEnd().split("\r\n");

test("a formula that starts with a minus and digits is defused in a text column", () => {
  const csv = toCsv(
    [{ name: "note", type: "text" }],
    [["-2+3+cmd|' /C calc'!A0"], ['=HYPERLINK("x")'], ["+1"], ["@SUM(A1)"], ["-5"], ["12abc"]],
  );
  assert.deepEqual(rows(csv).slice(1), [
    "'-2+3+cmd|' /C calc'!A0",
    '"\'=HYPERLINK(""x"")"',
    "'+1",
    "'@SUM(A1)",
    "'-5",
    "12abc",
  ]);
});

test("a numeric column keeps its numbers, negative ones included, and still defuses formulas", () => {
  const csv = toCsv(
    [
      { name: "revenue", type: "numeric" },
      { name: "count", type: "int8" },
    ],
    [
      [-12.5, -3],
      ["-2.50", "42"],
      ["-2+3+cmd|' /C calc'!A0", "=1+1"],
    ],
  );
  assert.deepEqual(rows(csv), [
    "revenue,count",
    "-12.5,-3",
    "-2.50,42",
    "'-2+3+cmd|' /C calc'!A0,'=1+1",
  ]);
});

test("headers, nulls, booleans and quoting follow RFC 4180", () => {
  const csv = toCsv(
    [
      { name: "=name", type: "text" },
      { name: "ok", type: "bool" },
    ],
    [
      [null, true],
      ['a "b", c', false],
    ],
  );
  assert.equal(csv, '\'=name,ok\r\n,true\r\n"a ""b"", c",false\r\n');
});
