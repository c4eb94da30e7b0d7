import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, parseCsv, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("finance") });

test("the CSV download holds the result's columns and rows", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result, error } = await ask(page, "Revenue by month");
  expect(error, JSON.stringify(error)).toBeNull();
  expect(result).not.toBeNull();
  if (!result) return;
  expect(result.rows.length).toBeGreaterThan(0);

  const downloadPromise = page.waitForEvent("download");
  await turn.getByTestId("download-csv").click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const path = await download.path();
  const csv = parseCsv(await readFile(path, "utf8"));

  expect(csv[0]).toEqual(result.columns.map((c) => c.name));
  const expected = result.rows.map((row) => row.map((v) => (v === null ? "" : String(v))));
  expect(csv.slice(1)).toEqual(expected);
  await download.saveAs(
    `${new URL("../artifacts/", import.meta.url).pathname}revenue-by-month.csv`,
  );
  await shot(page, "csv-download");
});
