import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("marketing") });

test("marketing is refused revenue and offered a question it may ask", async ({ page }) => {
  await openWorkspace(page);
  const { turn, result, error } = await ask(page, "What is the total revenue?");
  expect(result).toBeNull();
  expect(error?.code).toBe("policy_denied");
  const notice = turn.getByTestId("error");
  await expect(notice).toHaveAttribute("data-error-code", "policy_denied");
  await expect(notice).toContainText(/refused/i);
  await shot(page, "marketing-refused-revenue");

  if (error?.suggestion) {
    // The suggested question is a chip: clicking it asks it, and it is answered.
    await expect(turn.getByTestId("policy-suggestion")).toHaveText(error.suggestion);
    await turn.getByTestId("policy-suggestion").click();
    const next = page.getByTestId("turn").nth(1);
    await expect(next).toHaveAttribute("data-phase", /^(done|error)$/, { timeout: 60_000 });
    await expect(next).toHaveAttribute("data-phase", "done");
    await shot(page, "marketing-suggestion-answered");
  }
});
