import { NextResponse, type NextRequest } from "next/server";
import type { LoginResponse } from "@/lib/api/types";
import {
  SESSION_COOKIE,
  crossSiteRefusal,
  errorResponse,
  forward,
  isHttps,
  readJsonBody,
  sessionCookie,
} from "@/lib/server/gateway";

// Signs in at the gateway and keeps the JWT in an httpOnly, SameSite=strict cookie; the browser
// gets the user, never the token.
export async function POST(request: NextRequest) {
  const refused = crossSiteRefusal(request);
  if (refused) return refused;
  const body = await readJsonBody(request);
  if ("error" in body) return body.error;

  const upstream = await forward(request, "/api/auth/login", {
    method: "POST",
    body: body.text,
    authenticated: false,
  });
  if (upstream.status !== 200) return upstream;

  let login: LoginResponse;
  try {
    login = (await upstream.json()) as LoginResponse;
  } catch {
    return errorResponse(502, "upstream_error", "The sign-in service answered unexpectedly.");
  }
  if (typeof login.access_token !== "string" || !login.user) {
    return errorResponse(502, "upstream_error", "The sign-in service answered unexpectedly.");
  }
  const response = NextResponse.json(
    { user: login.user, expires_in: login.expires_in },
    { headers: { "Cache-Control": "no-store" } },
  );
  response.cookies.set(
    SESSION_COOKIE,
    login.access_token,
    sessionCookie(isHttps(request), login.expires_in),
  );
  return response;
}
