import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("finance") });

// Issue 16, part 2: an answer pinned to the board runs again on demand, as the viewer, with the
// time of the last run; the board page has no accessibility violations.
test("a saved question runs again from the board", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result } = await ask(page, "Revenue by month");
  expect(result).not.toBeNull();
  await turn.getByTestId("save-to-board").click();
  await expect(turn.getByTestId("save-to-board")).toHaveText("Saved to board");

  await page.goto("/saved");
  await expect(page.getByRole("heading", { name: "Saved questions" })).toBeVisible();
  const item = page.getByTestId("saved-item").first();
  await expect(item.getByRole("heading", { name: "Revenue by month" })).toBeVisible();
  await expect(item.getByTestId("saved-last-run")).toHaveText("Not run yet");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`)).toEqual([]);

  await item.getByTestId("saved-run").click();
  await expect(item.getByTestId("answer")).toContainText("Revenue");
  await expect(item.getByTestId("saved-last-run")).toContainText(/Last run .* ok/);
  await expect(item.getByTestId("scope-badge")).toHaveText("store 1");
  await shot(page, "saved-board");

  await item.getByRole("button", { name: /Delete the saved question/ }).click();
  await expect(page.getByTestId("saved-item")).toHaveCount(0);
});
