import { expect, test } from "@playwright/test";
import { shot } from "../lib/helpers";

// OpenID Connect: a person signs in on the identity provider's own login page (the real
// oidc-provider started by scripts/test, e2e/oidc/provider.mjs), comes back signed in with the
// role their group maps to, and signing out ends the provider's session too. A person whose
// groups map to nothing is refused with a page that says so.
test("alice signs in through the identity provider and out again", async ({ page, context }) => {
  await page.goto("/login");
  const provider = page.getByTestId("oidc-sign-in");
  await expect(provider).toContainText(/^Sign in with /);
  await shot(page, "oidc-login-page");
  await provider.click();

  // The provider's own login page (another origin).
  await expect(page.locator('input[name="login"]')).toBeVisible();
  expect(page.url()).toMatch(/\/interaction\//);
  await page.locator('input[name="login"]').fill("alice");
  await page.locator('input[name="password"]').fill("any password");
  await shot(page, "oidc-provider-login");
  await page.locator('button[type="submit"]').click();

  await expect(page).toHaveURL(/\/analytics$/);
  await expect(page.getByTestId("user-chip")).toContainText("alice.at.corp.example");
  await expect(page.getByRole("link", { name: "Audit" })).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === "ac_session");
  expect(cookie?.httpOnly).toBe(true);
  await shot(page, "oidc-signed-in-workspace");

  // Logout: the local session ends, then the provider's (RP-initiated logout; the provider asks
  // to confirm on its own page and sends the browser back to /login).
  await page.getByRole("button", { name: "Sign out" }).click();
  const confirm = page.locator('button[autofocus], button[name="logout"]').first();
  await expect(confirm).toBeVisible();
  await shot(page, "oidc-provider-logout");
  await confirm.click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/analytics");
  await expect(page).toHaveURL(/\/login/);
});

test("an account whose groups map to nothing is told it is not set up", async ({ page }) => {
  await page.goto("/login");
  await page.getByTestId("oidc-sign-in").click();
  await page.locator('input[name="login"]').fill("eve");
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/login\/refused\?reason=unmapped/);
  await expect(page.getByTestId("sign-in-refused")).toContainText(
    "Your account is not set up for the copilot",
  );
  await shot(page, "oidc-unmapped-refused");
  await page.goto("/analytics");
  await expect(page).toHaveURL(/\/login/);
});
