// e2e/oidc/flow.mjs — drives a sign-in through the real provider over HTTP, as a browser would:
// the gateway's start → the provider's authorization endpoint → its login page (the account id)
// → back to our redirect URI with code and state, which is handed to the gateway's callback.
import { execFileSync } from "node:child_process";

export const gatewayUrl = process.env.GATEWAY_URL ?? "http://127.0.0.1:3000";
export const providerUrl = process.env.OIDC_ISSUER ?? "http://127.0.0.1:23400";
const redirectUri = process.env.OIDC_REDIRECT_URI ?? "http://127.0.0.1:3001/auth/callback";
const database = process.env.COPILOT_DB_NAME ?? "copilot";

// A minimal cookie jar for one host: the provider's interaction and session cookies.
class Jar {
  cookies = new Map();
  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export async function start() {
  const res = await fetch(`${gatewayUrl}/api/auth/oidc/start`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (res.status !== 200) throw new Error(`start: ${res.status} ${await res.text()}`);
  return res.json();
}

// Follows the provider's redirects, signing in as `account` on its login page, until it
// redirects to our redirect URI; returns that URL's code, state (and error).
export async function authorize(authorizationUrl, account) {
  const jar = new Jar();
  let url = authorizationUrl;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(redirectUri)) {
      const back = new URL(url);
      return {
        code: back.searchParams.get("code"),
        state: back.searchParams.get("state"),
        error: back.searchParams.get("error"),
      };
    }
    let res = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.store(res);
    if (res.status === 200) {
      // The provider's own login page: a form posting the account id.
      const html = await res.text();
      const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
      if (!action || !html.includes('name="login"')) throw new Error(`unexpected page at ${url}`);
      res = await fetch(new URL(action.replaceAll("&amp;", "&"), url), {
        method: "POST",
        redirect: "manual",
        headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ prompt: "login", login: account, password: "any" }),
      });
      jar.store(res);
    }
    if (res.status < 300 || res.status >= 400) {
      throw new Error(`provider answered ${res.status} at ${url}: ${await res.text()}`);
    }
    url = new URL(res.headers.get("location"), url).toString();
  }
  throw new Error("too many redirects");
}

export async function callback(body) {
  const res = await fetch(`${gatewayUrl}/api/auth/oidc/callback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), requestId: res.headers.get("x-request-id") };
}

// A whole sign-in as `account`; `mutateUrl` may change the authorization URL first.
export async function signIn(account, { mutateUrl = (u) => u } = {}) {
  const started = await start();
  const back = await authorize(mutateUrl(started.authorization_url), account);
  const result = await callback({ state: back.state, code: back.code });
  return { ...result, started, back };
}

export async function tamper(mode) {
  const res = await fetch(`${providerUrl}/_test/tamper?mode=${mode}`, { method: "POST" });
  if (res.status !== 200) throw new Error(`tamper ${mode}: ${res.status}`);
}

export async function rotate(alg) {
  const res = await fetch(`${providerUrl}/_test/rotate?alg=${alg}`, { method: "POST" });
  if (res.status !== 200) throw new Error(`rotate: ${res.status}`);
  return res.json();
}

// SQL as the database owner (the tests run as root, like scripts/setup).
export function sql(query) {
  return execFileSync(
    "runuser",
    ["-u", "postgres", "--", "psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", query],
    { encoding: "utf8" },
  ).trim();
}

// The sign_in_events row of a request (by the request id of the gateway's answer).
export function auditRow(requestId) {
  const text = sql(
    `SELECT row_to_json(e) FROM sign_in_events e WHERE request_id = '${requestId.replace(/'/g, "")}'`,
  );
  return text ? JSON.parse(text) : null;
}
