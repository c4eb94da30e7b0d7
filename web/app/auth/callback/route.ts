import { NextResponse, type NextRequest } from "next/server";
import type { ErrorBody, LoginResponse } from "@/lib/api/types";
import {
  OIDC_STATE_COOKIE,
  SESSION_COOKIE,
  SSO_COOKIE,
  gatewayUrl,
  isHttps,
  seeOther,
  sessionCookie,
} from "@/lib/server/gateway";

// The provider sends the browser back here with code and state. The web only relays them (and
// the state it kept in this browser's cookie) to the gateway, which verifies everything and
// answers our own token; the token goes into the httpOnly session cookie as for a password login.
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const body = {
    state: params.get("state") ?? "",
    code: params.get("code") ?? undefined,
    error: params.get("error") ?? undefined,
    browser_state: request.cookies.get(OIDC_STATE_COOKIE)?.value ?? "",
  };
  let response;
  try {
    const headers = new Headers({ Accept: "application/json", "Content-Type": "application/json" });
    const forwardedFor = request.headers.get("x-forwarded-for");
    if (forwardedFor) headers.set("X-Forwarded-For", forwardedFor);
    const upstream = await fetch(gatewayUrl("/api/auth/oidc/callback"), {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      cache: "no-store",
    });
    if (upstream.status === 200) {
      const login = (await upstream.json()) as LoginResponse;
      // Not a redirect: the session cookie is SameSite=Strict, and a redirect chain that began on
      // the provider's site would not carry it. A page of our own moves on, same-site.
      response = new NextResponse(
        '<!doctype html><meta http-equiv="refresh" content="0;url=/analytics"><title>Signed in</title><a href="/analytics">Continue</a>',
        {
          status: 200,
          headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
        },
      );
      const cookie = sessionCookie(isHttps(request), login.expires_in);
      response.cookies.set(SESSION_COOKIE, login.access_token, cookie);
      response.cookies.set(SSO_COOKIE, "1", cookie);
    } else {
      const error = (await upstream.json().catch(() => null)) as ErrorBody | null;
      const reason = String(error?.error.reason ?? "sign_in_failed").replace(/[^a-z_]/g, "");
      response = seeOther(`/login/refused?reason=${reason}`);
    }
  } catch {
    response = seeOther("/login/refused?reason=provider_unavailable");
  }
  response.cookies.set(OIDC_STATE_COOKIE, "", { path: "/auth/callback", maxAge: 0 });
  return response;
}
