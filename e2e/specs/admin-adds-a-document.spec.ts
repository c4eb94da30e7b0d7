import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "../lib/env";
import { shot } from "../lib/helpers";

test.use({ storageState: storageStateFor("admin") });

test("an admin uploads a Markdown document for marketing, sees it listed and deletes it", async ({
  page,
}) => {
  const title = `E2E: late returns (${Date.now()})`;
  await page.goto("/admin/documents");
  await expect(page.getByRole("heading", { name: "Documents", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Documents" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`)).toEqual([]);

  await page.getByLabel("Title").fill(title);
  await page.getByLabel(/^File/).setInputFiles({
    name: "late-returns.md",
    mimeType: "text/markdown",
    buffer: Buffer.from(
      "# Late returns\n\nA rental returned late is charged one dollar per day.\n\n" +
        "## Damaged discs\n\nA damaged disc is replaced at its replacement cost.\n",
    ),
  });
  await page.getByLabel("Marketing").check();
  await page.getByRole("button", { name: "Upload document" }).click();
  await expect(page.getByTestId("documents-notice")).toContainText("version 1 (2 passages)");
  const doc = page.getByTestId("document").filter({ hasText: title });
  await expect(doc).toBeVisible();
  await expect(doc).toContainText("for admin, marketing");
  await shot(page, "admin-documents");

  await doc.getByRole("button", { name: /Delete/ }).click();
  await expect(page.getByTestId("document").filter({ hasText: title })).toHaveCount(0);
});
