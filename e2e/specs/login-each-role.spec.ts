import { expect, test } from "@playwright/test";
import { USERS, type UserKey } from "../lib/env";
import { shot } from "../lib/helpers";

// Each seed user signs in through the form, lands on the workspace, and is offered exactly
// their own stores; only the admin sees the audit link.
for (const key of Object.keys(USERS) as UserKey[]) {
  const user = USERS[key];
  test(`${user.username} signs in and sees only their stores`, async ({ page, context }) => {
    await page.goto("/login");
    await page.getByLabel("Username").fill(user.username);
    await page.getByLabel("Password").fill(user.password);
    await shot(page, `login-${user.username}-form`);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(/\/analytics$/);
    await expect(page.getByTestId("user-chip")).toContainText(user.username);

    const offered = await page
      .getByLabel("Store")
      .locator("option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(offered.map(Number)).toEqual([...user.stores]);

    const auditLink = page.getByRole("link", { name: "Audit" });
    if (user.role === "admin") await expect(auditLink).toBeVisible();
    else await expect(auditLink).toHaveCount(0);

    // The session is an httpOnly, SameSite=strict cookie: scripts cannot read the token.
    const cookie = (await context.cookies()).find((c) => c.name === "ac_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Strict");
    expect(await page.evaluate(() => document.cookie)).not.toContain("ac_session");
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/eyJ/);

    await expect(page.getByTestId("suggestions")).toBeVisible();
    await shot(page, `login-${user.username}-workspace`);
  });
}

test("a wrong password is refused with a plain message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("manager_store1");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toContainText(/wrong username or password/i);
  await expect(page).toHaveURL(/\/login/);
  await shot(page, "login-wrong-password");
});

test("signing out ends the session", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill(USERS.finance.username);
  await page.getByLabel("Password").fill(USERS.finance.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/analytics$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/analytics");
  await expect(page).toHaveURL(/\/login/);
});
