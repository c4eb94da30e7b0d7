import { expect, test } from "@playwright/test";
import { USERS, storageStateFor } from "../lib/env";
import { ask, openWorkspace, shot } from "../lib/helpers";

test.describe("as admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("the audit trail lists requests and shows a request's stage timeline", async ({ page }) => {
    await openWorkspace(page);
    const { result } = await ask(page, "Top 5 films by rentals");
    expect(result).not.toBeNull();

    await page.getByRole("link", { name: "Audit" }).click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
    await expect(page.getByRole("heading", { name: "Audit trail" })).toBeVisible();

    await page.getByLabel("User").fill(USERS.admin.username);
    await page.getByRole("button", { name: "Apply filters" }).click();
    // The unfiltered page stays on screen until the filtered one arrives: wait until every row
    // shown is the admin's, not merely until some row is visible.
    const rows = page.getByTestId("audit-row");
    await expect
      .poll(async () => {
        const texts = await rows.allInnerTexts();
        return texts.length > 0 && texts.every((text) => text.includes(USERS.admin.username));
      })
      .toBe(true);

    const row = rows.filter({ hasText: "Top 5 films by rentals" }).first();
    await row.getByRole("button").click();
    const timeline = page.getByTestId("audit-timeline");
    await expect(timeline).toBeVisible();
    await expect(timeline).toContainText(result?.request_id ?? "");
    const stages = await timeline
      .getByTestId("audit-event")
      .evaluateAll((items) => items.map((i) => i.getAttribute("data-stage")));
    expect(stages).toContain("policy");
    expect(stages).toContain("db_execution");
    await shot(page, "admin-audit-timeline");
  });
});

test.describe("as a store manager", () => {
  test.use({ storageState: storageStateFor("managerStore1") });

  test("the audit trail is not shown", async ({ page }) => {
    await page.goto("/admin/audit");
    await expect(page.getByTestId("forbidden")).toBeVisible();
    const response = await page.request.get("/api/audit");
    expect(response.status()).toBe(403);
    await shot(page, "manager-audit-forbidden");
  });
});
