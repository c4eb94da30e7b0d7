import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("marketing") });

test("marketing sees its measures but no payment amounts, and an example question is answered", async ({
  page,
}) => {
  await page.goto("/catalog");
  await expect(page.getByRole("heading", { name: "What can I ask?" })).toBeVisible();
  const metrics = page.getByTestId("catalog-metric");
  await expect(metrics.first()).toBeVisible();
  expect(await metrics.count()).toBeGreaterThan(5);
  await expect(page.locator('[data-metric="rentals"]')).toBeVisible();
  await expect(page.locator('[data-metric="revenue"]')).toHaveCount(0);

  // The columns marketing's reader may SELECT: no payment view, no amount anywhere; the masked
  // customer names are marked.
  const columns = page.getByTestId("catalog-column");
  expect(await columns.count()).toBeGreaterThan(10);
  await expect(page.locator('[data-view="v_payment_scoped"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="catalog-column"][data-column*="amount"]')).toHaveCount(
    0,
  );
  await expect(
    page.locator(
      '[data-view="v_customer_masked"] [data-column="v_customer_masked.first_name_masked"]',
    ),
  ).toHaveAttribute("data-masked", "true");
  await expect(
    page.locator('[data-view="v_customer_masked"] [data-column="v_customer_masked.first_name"]'),
  ).toHaveCount(0);
  await shot(page, "marketing-catalog");

  // The page is accessible: no WCAG 2 A/AA violation that axe-core can find.
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`)).toEqual([]);

  // An example question opens the workspace and is asked there.
  const example = page.locator('[data-metric="rentals"] [data-testid="catalog-example"]').first();
  const question = (await example.textContent())?.trim() ?? "";
  expect(question).not.toBe("");
  const answered = page.waitForResponse(
    (r) => r.url().endsWith("/api/ask") && r.request().method() === "POST",
  );
  await example.click();
  await expect(page.getByRole("heading", { name: "Ask your data" })).toBeVisible();
  expect((await answered).status()).toBe(200);
  const turn = page.getByTestId("turn").first();
  await expect(turn).toContainText(question);
  await expect(turn).toHaveAttribute("data-phase", /^(done|error)$/, { timeout: 60_000 });
  await expect(turn).toHaveAttribute("data-phase", "done");
  await expect(turn.getByTestId("answer-block")).toBeVisible();
  await shot(page, "marketing-catalog-example-answered");

  // The same catalog answers a question about it in the chat.
  const { result } = await ask(page, "What data do you have about rentals?");
  expect(result?.intent).toBe("catalog");
  expect(result?.sql).toBe("");
  const measures = (result?.rows ?? []).map((row) => String(row[0]));
  expect(measures).toContain("Rentals");
  expect(measures).not.toContain("Revenue");
  await shot(page, "marketing-asks-what-data-there-is");
});
