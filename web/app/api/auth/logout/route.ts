import { NextResponse, type NextRequest } from "next/server";
import {
  SESSION_COOKIE,
  SSO_COOKIE,
  authConfig,
  crossSiteRefusal,
  forward,
} from "@/lib/server/gateway";

// Signs out at the gateway (the token goes on its deny-list, so a copy of the cookie is useless
// from now on), then clears the cookie whatever the gateway said. A session that came from the
// identity provider also ends there when the provider supports it (RP-initiated logout): the
// answer is then 200 {logout_url} for the browser to go to; else 204.
export async function POST(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  if (request.cookies.get(SESSION_COOKIE)) {
    await forward(request, "/api/auth/logout", { method: "POST", body: "{}" });
  }
  const sso = request.cookies.get(SSO_COOKIE)?.value === "1";
  const logoutUrl = sso ? (await authConfig())?.oidc.logout_url : undefined;
  const response = logoutUrl
    ? NextResponse.json({ logout_url: logoutUrl }, { headers: { "Cache-Control": "no-store" } })
    : new NextResponse(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  response.cookies.set(SSO_COOKIE, "", {
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    maxAge: 0,
  });
  response.cookies.set(SESSION_COOKIE, "", {
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    maxAge: 0,
  });
  return response;
}
