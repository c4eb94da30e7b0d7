import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("admin") });

test("an admin adds a glossary entry to the organisation's memory and deletes it", async ({
  page,
}) => {
  const text = `E2E: a premium film rents for 4.99 (${Date.now()})`;
  await page.goto("/admin/memory");
  await expect(page.getByRole("heading", { name: "Organisation memory" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Memory" })).toHaveAttribute("aria-current", "page");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`)).toEqual([]);

  await page.getByLabel("Kind").selectOption("glossary");
  await page.getByLabel("In plain words").fill(text);
  await page.getByRole("button", { name: "Add to memory" }).click();
  const entry = page.getByTestId("memory-entry").filter({ hasText: text });
  await expect(entry).toBeVisible();
  await expect(entry).toContainText("version 1");
  await shot(page, "admin-organisation-memory");

  await entry.getByRole("button", { name: /Delete/ }).click();
  await expect(page.getByTestId("memory-entry").filter({ hasText: text })).toHaveCount(0);
});
