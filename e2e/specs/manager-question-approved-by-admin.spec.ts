import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { openWorkspace, shot } from "../lib/helpers";

// Needs a stack whose copilot holds every statement for approval (RISK_THRESHOLD_SET=
// approval_drill): with the default thresholds no question the embedded planner answers is
// risky enough. playwright.config.ts runs this spec only when E2E_APPROVALS=1 says the stack at
// WEB_URL is such a stack.
test("a manager's held question runs once an admin approves it, and the answer appears without a reload", async ({
  browser,
}) => {
  const manager = await browser.newContext({ storageState: storageStateFor("managerStore1") });
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  try {
    const page = await manager.newPage();
    await openWorkspace(page);
    const box = page.getByLabel(/Your question|Ask a follow-up/);
    await box.fill("How many rentals did we have in June 2022?");
    await box.press("Enter");
    const turn = page.getByTestId("turn").last();
    await expect(turn).toHaveAttribute("data-phase", "pending", { timeout: 60_000 });
    const pending = turn.getByTestId("pending-approval");
    await expect(pending).toContainText("Waiting for an approver");
    await expect(pending.getByTestId("risk-level")).toHaveText("high");
    const approvalId = await pending.getAttribute("data-approval-id");
    expect(approvalId).toMatch(/^[0-9]+$/);
    await shot(page, "approval-manager-waiting");

    const approver = await admin.newPage();
    await approver.goto("/admin/approvals");
    await expect(approver.getByRole("heading", { name: "Approvals" })).toBeVisible();
    const item = approver.locator(`[data-testid="approval"][data-approval-id="${approvalId}"]`);
    await expect(item).toContainText("How many rentals did we have in June 2022?");
    await expect(item).toContainText("manager_store1");
    await expect(item.getByTestId("risk-factors")).toBeVisible();
    await shot(approver, "approval-admin-queue");
    await item.getByLabel("Reason").fill("June is fine");
    await item.getByRole("button", { name: "Approve and run" }).click();
    await expect(approver.getByTestId("approval-notice")).toContainText(
      `Approved #${approvalId}: it ran for manager_store1.`,
    );

    // The manager's page was not reloaded: the answer arrives in the same turn.
    await expect(turn).toHaveAttribute("data-phase", "done", { timeout: 20_000 });
    await expect(turn.getByTestId("approved-answer")).toContainText("1,121");
    await shot(page, "approval-manager-answered");
  } finally {
    await manager.close();
    await admin.close();
  }
});

test("a manager whose held question is rejected is told so, with the reason, without a reload", async ({
  browser,
}) => {
  const manager = await browser.newContext({ storageState: storageStateFor("managerStore1") });
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  try {
    const page = await manager.newPage();
    await openWorkspace(page);
    const box = page.getByLabel(/Your question|Ask a follow-up/);
    await box.fill("How many rentals did we have in May 2022?");
    await box.press("Enter");
    const turn = page.getByTestId("turn").last();
    await expect(turn).toHaveAttribute("data-phase", "pending", { timeout: 60_000 });
    const pending = turn.getByTestId("pending-approval");
    const approvalId = await pending.getAttribute("data-approval-id");

    const approver = await admin.newPage();
    await approver.goto("/admin/approvals");
    const item = approver.locator(`[data-testid="approval"][data-approval-id="${approvalId}"]`);
    await item.getByLabel("Reason").fill("not this month");
    await item.getByRole("button", { name: "Reject" }).click();
    await expect(approver.getByTestId("approval-notice")).toContainText(`Rejected #${approvalId}`);

    await expect(pending).toHaveAttribute("data-approval-status", "rejected", { timeout: 20_000 });
    await expect(pending).toContainText("Not approved by admin_user");
    await expect(pending).toContainText("not this month");
    await expect(turn.getByTestId("approved-answer")).toHaveCount(0);
    await shot(page, "approval-manager-rejected");
  } finally {
    await manager.close();
    await admin.close();
  }
});

test("a store manager cannot open the approval queue", async ({ browser }) => {
  const manager = await browser.newContext({ storageState: storageStateFor("managerStore1") });
  try {
    const page = await manager.newPage();
    await page.goto("/admin/approvals");
    await expect(page.getByTestId("forbidden")).toBeVisible();
    const response = await page.request.get("/api/approvals");
    expect(response.status()).toBe(403);
  } finally {
    await manager.close();
  }
});
