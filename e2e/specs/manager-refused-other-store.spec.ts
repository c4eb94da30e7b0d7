import { expect, test } from "@playwright/test";
import { WEB_URL, storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("managerStore1") });

test("store 2 is not offered to the store-1 manager", async ({ page }) => {
  await openWorkspace(page);
  const values = await page
    .getByLabel("Store")
    .locator("option")
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(values).not.toContain("2");
  expect(values).toContain("1");
  await shot(page, "manager-store-picker");
});

test("asking about store 2 is refused", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result, error } = await ask(page, "revenue for store 2");
  expect(result).toBeNull();
  expect(["policy_denied", "scope_denied"]).toContain(error?.code);
  const notice = turn.getByTestId("error");
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute("data-error-code", /policy_denied|scope_denied/);
  await expect(turn.getByTestId("answer-block")).toHaveCount(0);
  await shot(page, "manager-refused-store-2-question");
});

test("a store_id of 2 sent anyway is refused by the gateway", async ({ page }) => {
  await openWorkspace(page);
  const response = await page.request.post("/api/ask", {
    data: { question: "What is the total revenue?", store_id: 2 },
    headers: { Origin: WEB_URL },
  });
  expect(response.status()).toBe(403);
  const body = (await response.json()) as { error: { code: string } };
  expect(body.error.code).toBe("scope_denied");
});
