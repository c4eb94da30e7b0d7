import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH, WEB_URL } from "./lib/env";

// End-to-end specs against the running stack (started by the caller): Debian's Chromium driven
// by Playwright — no browser download. One worker: the machine is small and the gateway
// rate-limits.
export default defineConfig({
  testDir: "./specs",
  // The approval round trip needs a stack that holds every statement (RISK_THRESHOLD_SET=
  // approval_drill); E2E_APPROVALS=1 says WEB_URL is one (and then only that spec runs).
  ...(process.env.E2E_APPROVALS === "1"
    ? { testMatch: /manager-question-approved-by-admin\.spec\.ts$/ }
    : { testIgnore: /manager-question-approved-by-admin\.spec\.ts$/ }),
  outputDir: "./artifacts/test-results",
  globalSetup: "./lib/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [["list"], ["html", { outputFolder: "artifacts/report", open: "never" }]],
  use: {
    baseURL: WEB_URL,
    viewport: { width: 1280, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    acceptDownloads: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
