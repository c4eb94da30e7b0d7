import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("managerMulti") });

test("a follow-up continues the conversation", async ({ page }) => {
  await openWorkspace(page);
  const first = await ask(page, "Revenue by store");
  expect(first.error, JSON.stringify(first.error)).toBeNull();
  expect(first.result?.status).toBe("ok");
  const conversation = first.result?.conversation_id ?? "";
  expect(conversation).not.toBe("");
  await expect(page.getByLabel("Ask a follow-up")).toBeVisible();

  const second = await ask(page, "and by month instead");
  expect(second.error, JSON.stringify(second.error)).toBeNull();
  expect(second.result?.conversation_id).toBe(conversation);
  expect(second.result?.intent).toBe("trend");
  await expect(second.turn.locator('[data-widget-type="line"]')).toBeVisible();
  await shot(page, "follow-up-by-month");

  const response = await page.request.get(`/api/conversations/${conversation}`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { turns: { question: string }[] };
  expect(body.turns.map((t) => t.question)).toEqual(["Revenue by store", "and by month instead"]);
});
