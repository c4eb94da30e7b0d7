export const WEB_URL = (process.env.WEB_URL ?? "http://127.0.0.1:3001").replace(/\/+$/, "");
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

/** The seed users (db/seeds/users.sql) and the stores each may see. */
export const USERS = {
  admin: { username: "admin_user", password: "admin123", role: "admin", stores: [1, 2] },
  managerStore1: {
    username: "manager_store1",
    password: "manager123",
    role: "store_manager",
    stores: [1],
  },
  managerMulti: {
    username: "manager_multi",
    password: "manager123",
    role: "store_manager",
    stores: [1, 2],
  },
  marketing: {
    username: "marketing_user",
    password: "marketing123",
    role: "marketing",
    stores: [1, 2],
  },
  finance: { username: "finance_user", password: "finance123", role: "finance", stores: [1] },
} as const;

export type UserKey = keyof typeof USERS;

export const AUTH_DIR = new URL("../.auth/", import.meta.url).pathname;
export const ARTIFACTS_DIR = new URL("../artifacts/", import.meta.url).pathname;

export function storageStateFor(user: UserKey): string {
  return `${AUTH_DIR}${user}.json`;
}
