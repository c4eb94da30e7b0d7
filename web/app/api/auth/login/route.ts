import { NextResponse, type NextRequest } from "next/server";
import type { LoginResponse } from "@/lib/api/types";
import {
  SESSION_COOKIE,
  crossSiteRefusal,
  errorResponse,
  forward,
  readJsonBody,
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
  response.cookies.set(SESSION_COOKIE, login.access_token, {
    httpOnly: true,
    sameSite: "strict",
    secure: isHttps(request),
    path: "/",
    maxAge: Math.max(1, Math.floor(login.expires_in)),
  });
  return response;
}

function isHttps(request: NextRequest): boolean {
  if (process.env.COOKIE_SECURE === "1") return true;
  const forwarded = request.headers.get("x-forwarded-proto");
  return (forwarded ?? request.nextUrl.protocol.replace(":", "")) === "https";
}
