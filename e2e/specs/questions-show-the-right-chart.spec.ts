import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("admin") });

test("a KPI question shows a metric tile", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result, error } = await ask(page, "What is the total revenue?");
  expect(error, JSON.stringify(error)).toBeNull();
  expect(result?.status).toBe("ok");
  const metric = turn.locator('[data-widget-type="metric"]');
  await expect(metric).toBeVisible();
  await expect(metric.getByTestId("metric-value")).toHaveText(/\d/);
  await expect(turn.getByTestId("answer")).not.toBeEmpty();
  await shot(page, "kpi-total-revenue-metric");
});

test("a trend question shows a line chart", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result, error } = await ask(page, "Revenue by month");
  expect(error, JSON.stringify(error)).toBeNull();
  expect(result?.intent).toBe("trend");
  const chart = turn.locator('[data-widget-type="line"]');
  await expect(chart).toBeVisible();
  await expect(chart.locator("svg g.mark-line path").first()).toBeVisible();
  await shot(page, "trend-revenue-by-month-line");
});

test("a ranking question shows a bar chart", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result, error } = await ask(page, "Top 5 films by rentals");
  expect(error, JSON.stringify(error)).toBeNull();
  expect(result?.intent).toBe("ranking");
  expect(result?.row_count).toBe(5);
  const chart = turn.locator('[data-widget-type="bar"]');
  await expect(chart).toBeVisible();
  await expect(chart.locator("svg g.mark-rect path")).toHaveCount(5);
  await shot(page, "ranking-top-5-films-bar");
});

test("the answer shows its stages, SQL and why-this-answer panel", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result } = await ask(page, "What is the total revenue?");
  expect(result).not.toBeNull();
  for (const stage of ["policy", "rag_retrieval", "planning", "db_execution", "widgets"]) {
    await expect(turn.locator(`[data-stage="${stage}"]`)).toHaveAttribute("data-status", "ok");
  }
  await turn.getByTestId("sql-panel").locator("summary").click();
  await expect(turn.getByTestId("sql")).toContainText(/select/i);
  await turn.getByTestId("explain-panel").locator("summary").click();
  await expect(turn.getByTestId("explain")).toContainText("v_payment_scoped");
  // How each part of the question was read: "revenue" as the measure.
  await expect(turn.getByTestId("explain-understanding")).toContainText(/revenue.*measure/i);
  await expect(turn.getByTestId("scope")).toContainText("Admin");
  // The policy version that checked the question (the copilot seeds version 1 when it starts).
  await expect(turn.getByTestId("policy-decisions")).toContainText(/Policy version [0-9]+/);
  await turn.getByTestId("feedback-up").click();
  await expect(turn.getByTestId("feedback-status")).toHaveText(/thanks/i);
  await shot(page, "answer-sql-and-explain");
});

test("a question with a word the copilot cannot read is asked back, quoting it", async ({
  page,
}) => {
  await openWorkspace(page);
  const { turn, result } = await ask(page, "revenue from glorbish customers last month");
  expect(result?.status).toBe("needs_clarification");
  await expect(turn.getByTestId("answer")).toContainText('"glorbish"');
  await shot(page, "question-asked-back");
});
