import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("admin") });

// The stage events are streamed through to the browser: progress shows before the answer does.
test("stage progress shows while the answer is still being computed", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result, progressLeadMs } = await ask(page, "Revenue by month");
  expect(result).not.toBeNull();
  test.info().annotations.push({
    type: "stage progress before answer",
    description: `${progressLeadMs?.toFixed(1)} ms`,
  });
  expect(progressLeadMs).not.toBeNull();
  expect(progressLeadMs ?? 0).toBeGreaterThan(0);
  await expect(turn.locator('[data-stage="widgets"]')).toHaveAttribute("data-status", "ok");
  await shot(page, "progress-after-stream");
});
