import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("managerMulti"), viewport: { width: 390, height: 844 } });

test("the workspace fits a 390 px wide screen", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result } = await ask(page, "Revenue by month");
  expect(result).not.toBeNull();
  await expect(turn.locator('[data-widget-type="line"] svg')).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, "phone-390-answer");
});
