import { stat } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { ARTIFACTS_DIR, storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("admin") });

// Issue 16, part 1: an answer exported as XLSX is a real workbook (read back with exceljs, a
// spreadsheet library): numbers are numeric cells, money has a currency format; and a 5-turn
// conversation's report renders in Chromium with its charts as images and the SQL appendix.
test("an answer exports as a typed workbook and a conversation as a printable report", async ({
  page,
}) => {
  await openWorkspace(page);
  const questions = [
    "Revenue by month",
    "Top 5 films by revenue",
    "Revenue by store",
    "Rentals by category",
    "How many active customers are there?",
  ];
  const results = [];
  for (const question of questions) {
    const { result, error } = await ask(page, question);
    expect(error, `${question}: ${JSON.stringify(error)}`).toBeNull();
    expect(result, question).not.toBeNull();
    results.push(result!);
  }
  const conversationId = results[0]!.conversation_id;
  for (const r of results) expect(r.conversation_id).toBe(conversationId);

  // The XLSX of "Revenue by month", through the button, opened with exceljs.
  const firstTurn = page.getByTestId("turn").first();
  const downloadPromise = page.waitForEvent("download");
  await firstTurn.getByTestId("export-xlsx").click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^answer-revenue-by-month-[0-9a-f]{8}\.xlsx$/);
  const xlsxPath = `${ARTIFACTS_DIR}revenue-by-month.xlsx`;
  await download.saveAs(xlsxPath);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsxPath);
  const sheet = workbook.getWorksheet("Answer");
  expect(sheet).toBeDefined();
  const expected = results[0]!;
  expect(sheet!.rowCount).toBe(expected.rows.length + 1);
  expect(sheet!.getRow(1).font?.bold ?? sheet!.getCell(1, 1).font?.bold).toBe(true);
  const measure = expected.columns.length; // revenue is the last column
  let numericCells = 0;
  for (let r = 0; r < expected.rows.length; r += 1) {
    const cell = sheet!.getCell(r + 2, measure);
    expect(cell.type, `row ${r + 2}`).toBe(ExcelJS.ValueType.Number);
    expect(cell.value).toBeCloseTo(Number(expected.rows[r]![measure - 1]), 2);
    expect(cell.numFmt).toContain("$");
    numericCells += 1;
  }
  expect(workbook.getWorksheet("About")?.getCell(1, 2).value).toBe("Revenue by month");
  console.log(`XLSX check: ${numericCells} numeric currency cells of ${expected.rows.length} rows`);

  // The conversation's report, through the "Download report" link's address.
  const href = await page.getByTestId("download-report").getAttribute("href");
  expect(href).toBe(`/api/conversations/${conversationId}/report`);
  const started = Date.now();
  const response = await page.goto(href!);
  const renderMs = Date.now() - started;
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-type"]).toContain("text/html");
  await expect(page.getByRole("heading", { name: "Conversation report" })).toBeVisible();
  await expect(page.locator("section.turn")).toHaveCount(5);
  const charts = page.locator("figure img[data-chart]");
  expect(await charts.count()).toBeGreaterThanOrEqual(3);
  // Every chart image decoded (an SVG drawn by Vega), none broken.
  const sizes = await charts.evaluateAll((imgs) =>
    imgs.map((img) => (img as HTMLImageElement).naturalWidth),
  );
  for (const width of sizes) expect(width).toBeGreaterThan(100);
  await expect(page.locator(".appendix pre")).toHaveCount(5);
  // Offline: nothing on the page points anywhere else.
  const external = await page.evaluate(
    () =>
      Array.from(document.querySelectorAll("[src],[href]")).filter((el) =>
        /^https?:/.test(el.getAttribute("src") ?? el.getAttribute("href") ?? ""),
      ).length,
  );
  expect(external).toBe(0);
  await shot(page, "conversation-report");
  const png = await stat(`${ARTIFACTS_DIR}conversation-report.png`);
  console.log(
    `report: ${renderMs} ms to load (server render ${response?.headers()["x-report-render-ms"]} ms), ` +
      `${sizes.length} charts, screenshot ${png.size} bytes`,
  );
  await page.emulateMedia({ media: "print" });
  await shot(page, "conversation-report-print");
});

test("another user's conversation report and answer export are not found", async ({ browser }) => {
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await admin.newPage();
  await openWorkspace(page);
  const { result } = await ask(page, "Revenue by month");
  expect(result).not.toBeNull();
  const finance = await browser.newContext({ storageState: storageStateFor("finance") });
  const other = await finance.newPage();
  const report = await other.request.get(`/api/conversations/${result!.conversation_id}/report`);
  expect(report.status()).toBe(404);
  const exported = await other.request.get(`/api/answers/${result!.request_id}/export?format=xlsx`);
  expect(exported.status()).toBe(404);
  expect((await exported.json()).error.code).toBe("not_found");
  const bad = await page.request.get(`/api/answers/${result!.request_id}/export?format=pdf`);
  expect(bad.status()).toBe(400);
  await admin.close();
  await finance.close();
});
