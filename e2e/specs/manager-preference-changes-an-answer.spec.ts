import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("managerMulti") });

const QUESTION = "How many rentals were there in June 2022?";

type Scoped = { security?: { store_ids?: number[] } };

test("a preference changes the next answer as stated, and deleting it changes it back", async ({
  page,
}) => {
  // Start from no preferences (the web's route handler, with this user's session cookie).
  await page.goto("/settings");
  const cleared = await page.request.delete("/api/me/preferences");
  expect(cleared.status()).toBe(200);

  await openWorkspace(page);
  const before = await ask(page, QUESTION);
  expect(before.status).toBe(200);
  expect((before.result as Scoped | null)?.security?.store_ids).toEqual([1, 2]);
  const allStores = before.result?.rows;

  // The settings page: accessible, and it stores "store 1 by default".
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(page.getByTestId("settings-empty")).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`)).toEqual([]);
  await page.getByLabel("Store 1").check();
  await page.getByLabel("Store 2").uncheck();
  await page.getByRole("button", { name: "Save default stores" }).click();
  await expect(page.locator('[data-testid="preference"][data-key="default_stores"]')).toContainText(
    "figures for store 1 by default",
  );
  await shot(page, "manager-settings-default-store");

  // The same question now answers for store 1 only, and says why.
  await openWorkspace(page);
  const narrowed = await ask(page, QUESTION);
  expect((narrowed.result as Scoped | null)?.security?.store_ids).toEqual([1]);
  expect(narrowed.result?.rows).not.toEqual(allStores);
  await narrowed.turn.getByText("Why this answer").click();
  await expect(narrowed.turn.getByTestId("explain-preferences")).toContainText(
    "Used your preference: figures for store 1 by default",
  );
  await shot(page, "manager-answer-uses-preference");

  // Deleted on the settings page: the next answer is for both stores again.
  await page.goto("/settings");
  await page.getByRole("button", { name: /Delete the preference: figures for store 1/ }).click();
  await expect(page.getByTestId("settings-empty")).toBeVisible();
  await openWorkspace(page);
  const after = await ask(page, QUESTION);
  expect((after.result as Scoped | null)?.security?.store_ids).toEqual([1, 2]);
  expect(after.result?.rows).toEqual(allStores);

  // Said in a question: stored, listed, and forgotten the same way.
  const stated = await ask(page, "Show money without cents");
  expect(stated.result?.intent).toBe("preference");
  await page.goto("/settings");
  await expect(
    page.locator('[data-testid="preference"][data-key="money_without_cents"]'),
  ).toContainText("said in a question");
  await shot(page, "manager-settings-stated-preference");
  await page.getByRole("button", { name: /Delete the preference: money without cents/ }).click();
  await expect(page.getByTestId("settings-empty")).toBeVisible();
});
