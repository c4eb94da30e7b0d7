import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

// The quality loop end to end: a manager rates an answer down; an admin finds it in the review
// queue, reads its question, plan, SQL and rows, and saves a corrected SQL (checked by the
// guardrail and run as the manager: store 1 only); the eval's corrections path then lists it,
// with its gold.
test("a thumbs-down answer is reviewed, corrected and becomes an eval correction", async ({
  browser,
}) => {
  const manager = await browser.newContext({ storageState: storageStateFor("managerStore1") });
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  try {
    const page = await manager.newPage();
    await openWorkspace(page);
    const { turn, result } = await ask(page, "What was our total revenue?");
    expect(result?.status).toBe("ok");
    const requestId = result!.request_id;
    await turn.getByTestId("feedback-down").click();
    await expect(turn.getByTestId("feedback-status")).toHaveText("Thanks for the feedback");

    const reviewer = await admin.newPage();
    await reviewer.goto("/admin/review");
    await expect(reviewer.getByRole("heading", { name: "Review" })).toBeVisible();
    await reviewer.getByLabel("Kind").selectOption("thumbs_down");
    const item = reviewer.locator(`[data-testid="review-item"][data-request-id="${requestId}"]`);
    await expect(item).toContainText("What was our total revenue?");
    await expect(item).toContainText("Thumbs down");
    await expect(item).toContainText("manager_store1");
    const axe = await new AxeBuilder({ page: reviewer }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`)).toEqual([]);

    await item.getByRole("button", { name: /Open/ }).click();
    const detail = reviewer.getByTestId("review-detail");
    await expect(detail.getByTestId("review-sql")).toContainText("v_payment_scoped");
    await expect(detail.getByTestId("review-plan")).toContainText("revenue");
    await expect(detail).toContainText("Run again as Store manager (Store 1)");

    // Refused by the guardrail: the reason is shown, nothing is saved.
    await detail.getByLabel("Corrected SQL (optional)").fill("SELECT email FROM customer");
    await detail.getByRole("button", { name: "Save verdict" }).click();
    await expect(detail.getByTestId("review-save-error")).toContainText("guardrail");

    await detail
      .getByLabel("Corrected SQL (optional)")
      .fill(
        "SELECT store_id, sum(amount) AS revenue FROM v_payment_scoped GROUP BY store_id ORDER BY store_id",
      );
    await detail.getByLabel("Note (optional)").fill("per store");
    await shot(reviewer, "review-correction");
    await detail.getByRole("button", { name: "Save verdict" }).click();
    await expect(reviewer.getByTestId("review-notice")).toContainText(
      "the correction ran as manager_store1 and returned 1 row.",
    );

    const corrections = await reviewer.request.get("/api/eval/corrections?limit=200");
    expect(corrections.status()).toBe(200);
    const body = (await corrections.json()) as {
      corrections: { request_id: string; source: string; gold: { rows: unknown[][] } | null }[];
    };
    const found = body.corrections.find((c) => c.request_id === requestId);
    expect(found?.source).toBe("corrected");
    expect(found?.gold?.rows).toHaveLength(1);
    expect(found?.gold?.rows[0][0]).toBe(1);

    await reviewer.goto("/admin/quality");
    await expect(reviewer.getByRole("heading", { name: "Quality" })).toBeVisible();
    await expect(reviewer.getByTestId("quality-totals")).toContainText("reviewed");
    const quality = await new AxeBuilder({ page: reviewer })
      .withTags(["wcag2a", "wcag2aa"])
      .analyze();
    expect(quality.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`)).toEqual([]);
    await shot(reviewer, "quality-page");
  } finally {
    await manager.close();
    await admin.close();
  }
});
