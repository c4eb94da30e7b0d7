import { mkdir } from "node:fs/promises";
import { request } from "@playwright/test";
import { AUTH_DIR, ARTIFACTS_DIR, USERS, WEB_URL, storageStateFor, type UserKey } from "./env";

// Fails the run (never skips it) when the web app is not reachable, then signs each seed user in
// once through the web app's own login route and keeps the session cookie for the specs.
export default async function globalSetup(): Promise<void> {
  await mkdir(AUTH_DIR, { recursive: true });
  await mkdir(ARTIFACTS_DIR, { recursive: true });

  const probe = await request.newContext({ baseURL: WEB_URL });
  try {
    const response = await probe.get("/login", { timeout: 15_000 }).catch((error: Error) => {
      throw new Error(
        `The web app is not reachable at ${WEB_URL} (${error.message}). Start the stack first.`,
      );
    });
    if (response.status() !== 200) {
      throw new Error(`The web app at ${WEB_URL} answered ${response.status()} for /login.`);
    }
  } finally {
    await probe.dispose();
  }

  for (const key of Object.keys(USERS) as UserKey[]) {
    const user = USERS[key];
    const context = await request.newContext({ baseURL: WEB_URL });
    try {
      const response = await context.post("/api/auth/login", {
        data: { username: user.username, password: user.password },
        headers: { Origin: WEB_URL },
      });
      if (response.status() !== 200) {
        throw new Error(
          `Sign-in of ${user.username} failed: ${response.status()} ${await response.text()}`,
        );
      }
      await context.storageState({ path: storageStateFor(key) });
    } finally {
      await context.dispose();
    }
  }
}
