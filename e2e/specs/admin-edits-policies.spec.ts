import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { shot } from "../lib/helpers";

// The policy is shared by everything on this database: each test saves back the rules it found
// (as a new version: versions are never rewritten), and its blocked words are made up for it.

interface Policy {
  version: number;
  rules: { rules: Record<string, unknown>[] } & Record<string, unknown>;
}

async function currentPolicy(request: APIRequestContext): Promise<Policy> {
  const response = await request.get("/api/policies");
  expect(response.status()).toBe(200);
  return (await response.json()) as Policy;
}

async function savePolicy(
  request: APIRequestContext,
  rules: unknown,
  baseVersion: number,
  comment: string,
): Promise<number> {
  const response = await request.put("/api/policies", {
    data: { rules, comment, base_version: baseVersion },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { version: number }).version;
}

/** Saves `original` back unless the rules in force already are those. */
async function restore(request: APIRequestContext, original: Policy): Promise<void> {
  const now = await currentPolicy(request);
  if (JSON.stringify(now.rules) === JSON.stringify(original.rules)) return;
  await savePolicy(request, original.rules, now.version, "restored after an e2e spec");
}

function madeUpWord(): string {
  return `zq${Math.random().toString(16).slice(2, 10)}`;
}

function blocking(policy: Policy, word: string, pattern = `\\b${word}\\b`): Policy["rules"] {
  return {
    ...policy.rules,
    rules: [
      ...policy.rules.rules,
      {
        id: `blocked_${word}`,
        kind: "pattern",
        roles: ["*"],
        code: "policy_denied",
        reason: `Questions about ${word} are not answered.`,
        suggestion: "How many rentals did we have in June 2022?",
        patterns: [pattern],
      },
    ],
  };
}

async function openPolicies(page: Page): Promise<number> {
  await page.goto("/admin/policies");
  await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
  const version = page.getByTestId("policy-version");
  await expect(version).toHaveText(/^[0-9]+$/);
  return Number(await version.textContent());
}

test("an admin saves a rule as the next version, a rule that cannot compile shows its error, and the running copilot enforces the saved rule within 5 s", async ({
  browser,
}) => {
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const manager = await browser.newContext({ storageState: storageStateFor("managerStore1") });
  const original = await currentPolicy(admin.request);
  try {
    const page = await admin.newPage();
    const version = await openPolicies(page);
    expect(version).toBe(original.version);
    await expect(page.getByRole("link", { name: "Policies" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    const editor = page.getByLabel("Rules (JSON)");
    expect(JSON.parse(await editor.inputValue())).toEqual(original.rules);
    const save = page.getByRole("button", { name: `Save as version ${version + 1}` });

    // A pattern that does not compile: refused with the compiler's message, nothing saved.
    const word = madeUpWord();
    await editor.fill(JSON.stringify(blocking(original, word, "(unclosed"), null, 2));
    await save.click();
    const error = page.getByTestId("policy-error");
    await expect(error).toContainText("does not compile");
    await expect(error).toContainText(`blocked_${word}`);
    await expect(error).toContainText("missing closing parenthesis");
    await expect(page.getByTestId("policy-version")).toHaveText(String(version));
    await shot(page, "policies-compile-error");

    // Text that is not JSON: its syntax error, with the line.
    await editor.fill('{\n  "rules": [\n    {"id": "x",}\n  ]\n}');
    await save.click();
    await expect(error).toContainText("rules is not JSON: parse error at line 3");

    // A rule that compiles: the next version, in force, in the history with its comment.
    await editor.fill(JSON.stringify(blocking(original, word), null, 2));
    await page.getByLabel("Comment").fill(`block ${word} (e2e)`);
    const saved = page.waitForResponse(
      (r) => r.url().endsWith("/api/policies") && r.request().method() === "PUT",
    );
    await save.click();
    expect((await saved).status()).toBe(201);
    const savedAt = Date.now();
    await expect(page.getByTestId("policy-notice")).toContainText(`Saved version ${version + 1}`);
    await expect(page.getByTestId("policy-version")).toHaveText(String(version + 1));
    await expect(page.getByTestId("policy-meta")).toContainText("admin_user");
    await expect(page.getByTestId("policy-meta")).toContainText(`block ${word} (e2e)`);
    await expect(page.getByTestId("policy-history-item").first()).toContainText(
      `Version ${version + 1}`,
    );
    await expect(page.getByTestId("policy-error")).toHaveCount(0);
    await shot(page, "policies-saved");

    // The manager's question naming the word is refused by the new rule, without a restart.
    const question = `How many rentals did we have in June 2022 for ${word}?`;
    let refusal: { code?: string; reason?: string } | null = null;
    while (Date.now() - savedAt < 10_000) {
      const response = await manager.request.post("/api/ask", { data: { question } });
      if (response.status() === 403) {
        refusal = ((await response.json()) as { error: { code: string; reason: string } }).error;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const tookMs = Date.now() - savedAt;
    expect(refusal?.code).toBe("policy_denied");
    expect(refusal?.reason).toBe(`Questions about ${word} are not answered.`);
    expect(tookMs).toBeLessThan(5_000);
    console.log(`policy version ${version + 1} enforced ${tookMs} ms after it was saved`);
  } finally {
    await restore(admin.request, original);
    await manager.close();
    await admin.close();
  }
});

test("an admin whose version was replaced meanwhile is told so, and keeps their edits", async ({
  browser,
}) => {
  const admin = await browser.newContext({ storageState: storageStateFor("admin") });
  const original = await currentPolicy(admin.request);
  try {
    const page = await admin.newPage();
    const version = await openPolicies(page);
    // Another admin saves first.
    const other = await savePolicy(
      admin.request,
      blocking(original, madeUpWord()),
      version,
      "saved by another admin (e2e)",
    );
    const mine = JSON.stringify(blocking(original, madeUpWord()), null, 2);
    const editor = page.getByLabel("Rules (JSON)");
    await editor.fill(mine);
    await page.getByRole("button", { name: `Save as version ${version + 1}` }).click();
    const conflict = page.getByTestId("policy-conflict");
    await expect(conflict).toContainText(`version ${other} was saved while you were editing`);
    await expect(editor).toHaveValue(mine);
    await shot(page, "policies-conflict");
    await conflict.getByRole("button", { name: `Load version ${other}` }).click();
    await expect(page.getByTestId("policy-version")).toHaveText(String(other));
    await expect(page.getByTestId("policy-conflict")).toHaveCount(0);
  } finally {
    await restore(admin.request, original);
    await admin.close();
  }
});

test("a store manager cannot open the policies", async ({ browser }) => {
  const manager = await browser.newContext({ storageState: storageStateFor("managerStore1") });
  try {
    const page = await manager.newPage();
    await page.goto("/admin/policies");
    await expect(page.getByTestId("forbidden")).toBeVisible();
    await expect(page.getByRole("link", { name: "Policies" })).toHaveCount(0);
    expect((await page.request.get("/api/policies")).status()).toBe(403);
    const put = await page.request.put("/api/policies", {
      data: { rules: { rules: [] }, base_version: 1 },
    });
    expect(put.status()).toBe(403);
  } finally {
    await manager.close();
  }
});
